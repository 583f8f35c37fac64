/** Script of the simulated ConnectWise screens: plays the host for the pod's iframe and runs the Save button. */
import type { HostPageConfig } from './host-config.ts';
import { type HostSide, type HostUi, playCwHost } from './host-cw.ts';
import { playPenpalHost } from './host-penpal.ts';

const config = JSON.parse(document.getElementById('host-config')?.textContent ?? '{}') as HostPageConfig;
const frame = document.getElementById('pod-frame') as HTMLIFrameElement | null;
const logList = document.getElementById('host-log');
const status = document.getElementById('save-status');

const ui: HostUi = {
  log(line) {
    const item = document.createElement('li');
    item.textContent = line;
    logList?.append(item);
  },
  setDirty(dirty) {
    document.body.classList.toggle('dirty', dirty);
    ui.log(dirty ? 'pod marked the screen dirty' : 'pod cleared the dirty mark');
  },
  refresh() {
    ui.log('pod asked to refresh the screen');
    window.location.reload();
  },
  open(screen, id, newTab) {
    const url = `/sim/cw/screens/${encodeURIComponent(screen)}/${id}`;
    if (newTab) window.open(url, '_blank', 'noopener');
    else window.location.assign(url);
  },
};

if (frame) {
  // Listen before the frame loads: ConnectWise's listener is always there first.
  const host: HostSide =
    config.transport === 'penpal' ? playPenpalHost(frame, config, ui) : playCwHost(frame, config, ui);
  frame.src = frame.dataset.src ?? 'about:blank';
  document.getElementById('save')?.addEventListener('click', async () => {
    if (status) status.textContent = 'Saving…';
    const verdict = await host.beforeSave();
    if (status) status.textContent = verdict.ok ? 'Saved' : `Not saved: ${verdict.errors.join('; ')}`;
    // Words the README and the landing tour quote: Save shows the pod answering ConnectWise's before-save event.
    ui.log(
      verdict.ok
        ? 'pod acknowledged before-save: save completed'
        : `pod refused before-save: save stopped (${verdict.errors.join('; ')})`,
    );
    if (verdict.ok) document.body.classList.remove('dirty');
    // ConnectWise then writes the record (callbacks fire); here the edit form posts it.
    const form = document.getElementById('record-form') as HTMLFormElement | null;
    if (verdict.ok && form) form.submit();
  });
} else {
  // No pod registered: Save writes straight away.
  document.getElementById('save')?.addEventListener('click', () => {
    (document.getElementById('record-form') as HTMLFormElement | null)?.submit();
  });
}
