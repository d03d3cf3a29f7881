import { Spinner } from './form-parts.js';

export function WaitingScreen({ screen, title, label }: { screen: string; title: string; label: string }) {
  return (
    <section className="screen" data-screen={screen}>
      <h2 id="screen-title">{title}</h2>
      <Spinner label={label} />
    </section>
  );
}
