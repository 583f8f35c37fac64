/** Support bundle: one button builds the zip support asks for (secrets redacted) and downloads it. */
import { useState } from 'preact/hooks';
import { fetchFile, saveBlob } from './download.ts';
import type { SectionProps } from './section-props.ts';

export default function SupportBundleSection({ tenant }: SectionProps) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  async function build() {
    setBusy(true);
    setMessage('Building the bundle (this runs test connection)…');
    try {
      const blob = await fetchFile('POST', `/tenants/${encodeURIComponent(tenant.id)}/support-bundle`);
      const name = `tds-bridge-support-${tenant.id}-${new Date().toISOString().slice(0, 10)}.zip`;
      saveBlob(blob, name);
      setMessage(`Downloaded ${name} (${Math.ceil(blob.size / 1024)} KiB).`);
    } catch (error) {
      setMessage((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="bundle-title">
      <h1 id="bundle-title">Support bundle</h1>
      <p>Everything support asks you to gather, in one zip file. Every password, key and token is removed.</p>
      <ul>
        <li>Versions: tds-bridge, ConnectWise (system/info) and each template</li>
        <li>Configuration, and the API members' permissions (the test-connection checks)</li>
        <li>Recent errors and activity-log excerpts, failing calls, and a timeline of when problems started</li>
        <li>Diagnostics (status lights, open alerts) and recent configuration changes</li>
      </ul>
      <button type="button" disabled={busy} onClick={build}>
        Build and download the support bundle
      </button>
      <p role="status" data-testid="bundle-status">
        {message}
      </p>
    </section>
  );
}
