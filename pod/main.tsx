/** Pod entry: read the server-injected config, then hand over to the shell in app.tsx. */
import { render } from 'preact';
import { App, type PodConfig } from './app.tsx';
import './ui/pod.css';

function readConfig(): PodConfig {
  const text = document.getElementById('pod-config')?.textContent;
  const parsed = text ? (JSON.parse(text) as Partial<PodConfig>) : {};
  return { allowedHostOrigins: parsed.allowedHostOrigins ?? [], version: parsed.version ?? 'dev' };
}

const root = document.getElementById('pod');
if (root) render(<App config={readConfig()} />, root);
