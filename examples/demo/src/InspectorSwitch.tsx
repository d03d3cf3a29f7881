import { useRef, useState } from 'react';
import { useDemo } from './demo-context.js';

/**
 * Connects the Stately inspector (stately.ai, so online only) to the running auth actor. The module is loaded
 * on first use; the relay replays the actor's registration so a late connection still shows it.
 */
export function InspectorSwitch() {
  const { relay } = useDemo();
  const [on, setOn] = useState(false);
  const [failed, setFailed] = useState(false);
  const stop = useRef<(() => void) | null>(null);
  const toggle = async () => {
    if (on) {
      relay.disconnect();
      stop.current?.();
      stop.current = null;
      setOn(false);
      return;
    }
    try {
      const { createBrowserInspector } = await import('@statelyai/inspect');
      const inspector = createBrowserInspector();
      relay.connect((event) => inspector.inspect.next?.(event));
      stop.current = () => inspector.stop();
      setOn(true);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  return (
    <label className="switch" title="Opens the Stately inspector in a new window (needs internet access)">
      <input type="checkbox" role="switch" checked={on} onChange={() => void toggle()} />
      <span className="switch__track" aria-hidden="true"><span className="switch__thumb" /></span>
      <span className="switch__label">{failed ? 'Inspector unavailable' : 'Stately inspector'}</span>
    </label>
  );
}
