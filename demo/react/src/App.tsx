import { useEffect, useState } from 'react';
import { fetchSessionToken, loadWidgetConfig, type WidgetConfig } from './api.js';
import { type OnboardingView, SignupCard, type WidgetLogEntry } from './SignupCard.js';

const STEPS: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'subproject', label: 'Sinch subproject' },
  { id: 'sender', label: 'WhatsApp sender' },
  { id: 'sender_activation', label: 'Sender activation' },
  { id: 'app', label: 'Conversation API app' },
  { id: 'done', label: 'Ready' },
];

function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

/** The progress of the onboarding as a React-rendered step list, fed by the widget's events. */
function Progress({ onboarding }: { onboarding: OnboardingView | null }) {
  const current = onboarding ? STEPS.findIndex((step) => step.id === onboarding.step) : -1;
  return (
    <ol className="steps react-progress" data-testid="react-progress">
      {STEPS.map((step, index) => {
        const done = onboarding?.status === 'completed' || index < current;
        const state = done ? 'done' : index === current ? onboarding?.status : 'pending';
        return (
          <li key={step.id} data-state={state}>
            <strong>{step.label}</strong>
            {!done && index === current && <small> {onboarding?.status.replace('_', ' ')}</small>}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The React page: the same `<whatsapp-signup>` element, rendered by React 19, with
 * the session token fetched through `getSessionToken` and the onboarding shown in
 * React state.
 */
export function App() {
  const [config, setConfig] = useState<WidgetConfig | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [onboarding, setOnboarding] = useState<OnboardingView | null>(null);
  const [log, setLog] = useState<WidgetLogEntry[]>([]);

  useEffect(() => {
    loadWidgetConfig().then(setConfig, (error: unknown) => setProblem(String(error)));
  }, []);

  const customer = config?.customer ?? { id: '…', name: '…' };
  return (
    <div className="shell">
      <aside className="sidebar">
        <a className="brand" href="/">
          <img src="/assets/logo.svg" alt="" width="32" height="32" />
          <span>Chirpline</span>
        </a>
        <nav aria-label="Main">
          <ul>
            <li>
              <a href="/" className="nav-chat">
                WhatsApp
              </a>
            </li>
            <li>
              <a href="/onboardings" className="nav-list">
                Onboardings
              </a>
            </li>
            <li>
              <a href="/react/" className="nav-react" aria-current="page">
                React page
              </a>
            </li>
            <li>
              <a href="/customers" className="nav-user">
                Switch customer
              </a>
            </li>
          </ul>
        </nav>
        {config && (
          <p className={`mode mode-${config.mode}`}>
            {config.mode === 'sandbox'
              ? 'Offline demo: Meta and Sinch sandboxes'
              : 'Live: real Meta and Sinch'}
          </p>
        )}
      </aside>
      <div className="main">
        <header className="topbar">
          <div>
            <h1>Connect WhatsApp Business</h1>
            <p className="lead">The same widget, inside a React 19 app built with Vite.</p>
          </div>
          <a className="customer" href="/customers" title="Switch customer">
            <span className="avatar" aria-hidden="true">
              {initials(customer.name)}
            </span>
            <span>
              <strong data-testid="customer-name">{customer.name}</strong>
              <small>{customer.id}</small>
            </span>
          </a>
        </header>
        <main>
          {problem && (
            <p className="notice error" role="alert">
              {problem}
            </p>
          )}
          <div className="grid">
            <section className="card connect" aria-labelledby="connect-title">
              <span className="react-badge">Rendered by React</span>
              <h2 id="connect-title">Your WhatsApp sender</h2>
              {config && (
                <SignupCard
                  config={config}
                  getSessionToken={fetchSessionToken}
                  onOnboarding={setOnboarding}
                  onEvent={(entry) => setLog((entries) => [entry, ...entries].slice(0, 50))}
                />
              )}
            </section>
            <section className="card" aria-labelledby="progress-title">
              <h2 id="progress-title">Onboarding progress</h2>
              <Progress onboarding={onboarding} />
              <h2>Last events</h2>
              <ul className="react-events" data-testid="react-events">
                {log.length === 0 && <li className="empty">Waiting for the widget…</li>}
                {log.map((entry) => (
                  <li key={entry.id}>
                    <code>{entry.name.replace('whatsapp-signup-', '')}</code> {entry.text}
                  </li>
                ))}
              </ul>
            </section>
          </div>
        </main>
      </div>
    </div>
  );
}
