import type { InspectionEvent, Observer } from 'xstate';

/** What XState's `inspect` option accepts: an observer of inspection events, or just its `next`. */
export type InspectionObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);
