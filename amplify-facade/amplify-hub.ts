/** What a Hub listener receives, in Amplify v5's shape: the payload sits under `payload`. */
export interface HubPayload {
  event: string;
  data?: unknown;
  message?: string;
}

export interface HubCapsule {
  channel: string;
  payload: HubPayload;
  source: string;
  patternInfo?: string[];
}

export type HubCallback = (capsule: HubCapsule) => void;
/** Amplify's older listener form, still accepted by v5. */
export interface LegacyHubListener {
  onHubCapsule: HubCallback;
}

/**
 * A publish/subscribe bus with Amplify v5's `Hub` calls. The auth facade publishes on the `auth` channel what the
 * auth machine emits; apps may use other channels for their own events. A listener that throws does not stop
 * the others (v5 logs and goes on, too).
 */
export class AmplifyHub {
  readonly #listeners = new Map<string, Set<HubCallback>>();
  readonly #legacy = new WeakMap<LegacyHubListener, HubCallback>();

  /** Returns the function that removes this listener again. */
  listen(channel: string, callback: HubCallback | LegacyHubListener): () => void {
    const fn = typeof callback === 'function' ? callback : this.#legacyCallback(callback);
    if (typeof fn !== 'function') throw new Error('Hub.listen needs a callback function');
    let set = this.#listeners.get(channel);
    if (!set) this.#listeners.set(channel, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  remove(channel: string, callback: HubCallback | LegacyHubListener): void {
    const fn = typeof callback === 'function' ? callback : this.#legacy.get(callback);
    if (fn) this.#listeners.get(channel)?.delete(fn);
  }

  dispatch(channel: string, payload: HubPayload, source = ''): void {
    const capsule: HubCapsule = { channel, payload, source, patternInfo: [] };
    // A copy: a listener may remove itself (or add others) while the event is delivered.
    for (const listener of [...(this.#listeners.get(channel) ?? [])]) {
      try {
        listener(capsule);
      } catch (error) {
        console.error(`A Hub listener on "${channel}" threw on ${payload.event}:`, error);
      }
    }
  }

  #legacyCallback(listener: LegacyHubListener): HubCallback {
    let fn = this.#legacy.get(listener);
    if (!fn) {
      fn = (capsule) => listener.onHubCapsule(capsule);
      this.#legacy.set(listener, fn);
    }
    return fn;
  }
}
