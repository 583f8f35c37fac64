/**
 * Diagnostics: every common issue of the product manual, grouped by its troubleshooting category, with
 * the cause in plain words, the fix steps, and Verify (re-run the check, or the run, that proves the fix).
 */
import { useState } from 'preact/hooks';
import type { Diagnosis, Finding, VerifyResult } from '../../../server/ops/diagnostics/index.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { api } from '../api.ts';
import { zoned } from '../format.ts';
import { LightBadge } from '../light.tsx';
import type { SectionProps } from './section-props.ts';

export default function DiagnosticsSection({ tenant }: SectionProps) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}/diagnostics`;
  const [state, rerun] = useAsync(() => api.get<Diagnosis>(base), [tenant.id]);
  const [showGreen, setShowGreen] = useState(false);
  const [verifying, setVerifying] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Record<string, string>>({});

  async function verify(f: Finding) {
    setVerifying(f.id);
    try {
      const result = await api.post<VerifyResult>(`${base}/${f.id}/verify`);
      const text =
        result.outcome === 'verified'
          ? `Verified: ${result.finding.cause}`
          : result.outcome === 'run_started'
            ? `Run #${result.runId} started; run the diagnostics again when it has finished (Status shows its progress).`
            : `Still failing: ${result.finding.cause}`;
      setOutcomes((o) => ({ ...o, [f.id]: text }));
      rerun();
    } catch (error) {
      setOutcomes((o) => ({ ...o, [f.id]: (error as Error).message }));
    } finally {
      setVerifying(null);
    }
  }

  return (
    <section aria-labelledby="diag-title">
      <h1 id="diag-title">Diagnostics</h1>
      <p class="muted">
        Checks the connections live and reads the recent runs and calls for each common issue of the operations manual.{' '}
        <button type="button" onClick={rerun}>
          Run the diagnostics again
        </button>{' '}
        <label>
          <input
            type="checkbox"
            checked={showGreen}
            onChange={(e) => setShowGreen((e.target as HTMLInputElement).checked)}
          />{' '}
          Show checks that found nothing
        </label>
      </p>
      {state.status === 'loading' ? <Loading label="Running the diagnostics (this tests both connections)…" /> : null}
      {state.status === 'error' ? <ErrorState title="Diagnostics could not run" message={state.error.message} /> : null}
      {state.status === 'ready' ? (
        <>
          <p data-testid="diagnosis-summary">
            <LightBadge state={state.value.state} label="Overall" /> {state.value.summary.red} red,{' '}
            {state.value.summary.yellow} yellow, {state.value.summary.green} green, {state.value.summary.gray} gray ·
            ran {zoned(state.value.ranAt, tenant.timeZone)}
          </p>
          {state.value.categories.map((cat) => {
            // A finding just verified stays in view (now green) so the operator sees the outcome.
            const shown = cat.findings.filter(
              (f) => showGreen || f.state === 'red' || f.state === 'yellow' || outcomes[f.id] !== undefined,
            );
            return (
              <section key={cat.category} aria-labelledby={`cat-${cat.category}`}>
                <h2 id={`cat-${cat.category}`}>{cat.title}</h2>
                {shown.length === 0 ? <p class="muted">Nothing found ({cat.findings.length} checks).</p> : null}
                {shown.map((f) => (
                  <article key={f.id} class={`finding finding-${f.state}`} data-finding={f.id} data-state={f.state}>
                    <h3>
                      <LightBadge state={f.state} /> {f.title}
                    </h3>
                    <p>
                      <strong>Cause:</strong> {f.cause}
                    </p>
                    {f.fix.length ? (
                      <>
                        <strong>Fix:</strong>
                        <ol>
                          {f.fix.map((step) => (
                            <li key={step}>{step}</li>
                          ))}
                        </ol>
                      </>
                    ) : null}
                    <button type="button" disabled={verifying === f.id} onClick={() => verify(f)}>
                      Verify: {f.verify.label}
                    </button>
                    <div role="status" data-testid={`verify-${f.id}`}>
                      {verifying === f.id ? 'Verifying…' : (outcomes[f.id] ?? '')}
                    </div>
                  </article>
                ))}
              </section>
            );
          })}
        </>
      ) : null}
    </section>
  );
}
