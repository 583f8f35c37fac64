/** HTML of a simulated ConnectWise screen: top bar, record header, Save, and the pod frames. */
import { html, raw } from 'hono/html';
import type { HostPageConfig } from './host-config.ts';
import type { PoEditView } from './po-edit.ts';
import type { RecordHeader } from './screen-records.ts';

export interface ScreenView {
  screenLabel: string;
  record: RecordHeader;
  members: Array<{ identifier: string; name: string }>;
  currentMember: string;
  as: string;
  pods: Array<{ title: string; height: number; src: string; config: HostPageConfig }>;
  /** `pod`: frames in the 300 px side panel; `tab`: the Tab setups, full width under the record. */
  view: 'pod' | 'tab';
  /** The registered Tab's description (its label in the record's tab strip), when the screen has one. */
  tabTitle?: string;
  query: string;
  /** Custom fields a member may set and save on this screen (e.g. "TDS Sync Price" once activation created it). */
  editableFields: Array<{ caption: string; value: string; options: string[] }>;
  /** Where a custom field's form posts (a guarded simulator control) and what it sends back. */
  fieldAction: { url: string; screen: string; id: number };
  /** Purchase-order screens: the status and "Send to TDS" a member can change and save. */
  poEdit?: PoEditView;
}

const STYLE = `
  body { margin: 0; font: 13px/1.4 "Segoe UI", Roboto, Arial, sans-serif; color: #1f2d3a; background: #eef1f4; }
  .cw-top { background: #26323d; color: #fff; display: flex; align-items: center; gap: 16px; padding: 8px 16px; }
  .cw-top strong { font-size: 15px; } .cw-top .sim { background: #f5a623; color: #26323d; border-radius: 3px; padding: 0 6px; font-size: 11px; font-weight: 600; }
  .cw-top form { margin-left: auto; display: flex; gap: 6px; align-items: center; } .cw-top select { font: inherit; }
  main { display: grid; grid-template-columns: minmax(0, 1fr) 302px; gap: 12px; padding: 16px; max-width: 1180px; align-items: start; }
  main.tab { grid-template-columns: minmax(0, 1fr); }
  .tabs { grid-column: 1 / -1; order: -1; display: flex; gap: 2px; padding: 0 12px; border-bottom: 1px solid #d9dee3; background: #f6f8fa; }
  .tabs a { padding: 6px 12px; color: #0067b1; text-decoration: none; border: 1px solid transparent; border-bottom: 0; }
  .tabs a[aria-current] { background: #fff; border-color: #d9dee3; color: #1f2d3a; font-weight: 600; margin-bottom: -1px; }
  .record-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 320px); }
  .panel { background: #fff; border: 1px solid #d9dee3; border-radius: 3px; }
  .panel h1 { font-size: 16px; margin: 0; padding: 10px 12px; border-bottom: 1px solid #d9dee3; }
  .panel h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #667685; margin: 0; padding: 8px 12px; border-bottom: 1px solid #d9dee3; }
  dl { display: grid; grid-template-columns: 140px 1fr; gap: 6px 12px; padding: 12px; margin: 0; } dt { color: #667685; } dd { margin: 0; }
  .toolbar { display: flex; gap: 8px; align-items: center; padding: 8px 12px; border-bottom: 1px solid #d9dee3; background: #f6f8fa; }
  .toolbar button { font: inherit; padding: 3px 14px; } body.dirty #dirty { display: inline; } #dirty { display: none; color: #a15c07; }
  iframe { width: 100%; border: 0; display: block; }
  .log { font: 11px/1.4 ui-monospace, monospace; color: #667685; padding: 8px 12px 8px 28px; margin: 0; max-height: 160px; overflow: auto; }
  .none { padding: 12px; color: #667685; }
  .field-form { display: flex; gap: 8px; align-items: center; padding: 0 12px 12px; } .field-form label { color: #667685; width: 140px; }
  .edit { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 8px 12px; border-bottom: 1px solid #d9dee3; }
  .edit select { font: inherit; }`;

function poEditForm(view: ScreenView) {
  const edit = view.poEdit;
  if (!edit) return '';
  return html`<form class="edit" id="record-form" method="post" action="${view.query}">
    <label>Status
      <select name="status" id="po-status">
        ${edit.statuses.map((s) => html`<option value="${s.id}" ${s.selected ? 'selected' : ''}>${s.name}</option>`)}
      </select>
    </label>
    ${
      edit.sendToTds
        ? html`<label><input type="checkbox" name="sendToTds" id="po-send-to-tds" ${edit.sendToTds.checked ? 'checked' : ''} /> Send to TDS</label>`
        : ''
    }
    ${edit.notice ? html`<span id="save-notice" role="status">${edit.notice}</span>` : ''}
  </form>`;
}

export function renderScreen(view: ScreenView) {
  const podConfigs = view.pods.map((p) => p.config);
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <!-- The field forms post to a guarded simulator control, which needs this page's Origin (sim/guard.ts). -->
        <meta name="referrer" content="same-origin" />
        <title>${view.record.title} – ConnectWise PSA (simulated)</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <header class="cw-top">
          <strong>ConnectWise PSA</strong><span class="sim">SIMULATED</span>
          <span>${view.screenLabel}</span>
          <form method="get">
            <label>Member
              <select name="member" id="member">
                ${view.members.map(
                  (m) =>
                    html`<option value="${m.identifier}" ${m.identifier === view.currentMember ? 'selected' : ''}>${m.name}</option>`,
                )}
              </select>
            </label>
            <label>Act as
              <select name="as" id="as">
                <option value="" ${view.as === '' ? 'selected' : ''}>this member</option>
                <option value="forged" ${view.as === 'forged' ? 'selected' : ''}>forged member hash</option>
                <option value="othercompany" ${view.as === 'othercompany' ? 'selected' : ''}>member of another company</option>
              </select>
            </label>
            <button type="submit">Switch</button>
          </form>
        </header>
        <main class="${view.view}">
          <section class="panel" aria-label="${view.screenLabel}">
            <div class="toolbar">
              <button id="save" type="button">Save</button>
              <span id="save-status" role="status"></span><span id="dirty">● unsaved changes</span>
            </div>
            <h1 id="record-title">${view.record.title}</h1>
            ${poEditForm(view)}
            <div class="record-grid">
              <div>
                <dl>
                  ${view.record.fields.filter(([, v]) => v).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}
                </dl>
                ${view.editableFields.map(
                  (f, i) => html`<form method="post" action="${view.fieldAction.url}" class="field-form">
                    <input type="hidden" name="screen" value="${view.fieldAction.screen}" />
                    <input type="hidden" name="id" value="${view.fieldAction.id}" />
                    <input type="hidden" name="member" value="${view.currentMember}" />
                    <input type="hidden" name="caption" value="${f.caption}" />
                    <label for="field-${i}">${f.caption}</label>
                    <select id="field-${i}" name="value" data-field="${f.caption}">
                      ${['', ...f.options.filter((o) => o !== '')].map(
                        (o) => html`<option value="${o}" ${o === f.value ? 'selected' : ''}>${o || '(none)'}</option>`,
                      )}
                    </select>
                    <button type="submit">Save field</button>
                  </form>`,
                )}
              </div>
              <div>
                <h2>Host log</h2>
                <ol class="log" id="host-log"></ol>
              </div>
            </div>
          </section>
          ${
            view.tabTitle !== undefined || view.view === 'tab'
              ? html`<nav class="tabs" aria-label="Record tabs">
            <a href="?${tabQuery(view.query, 'pod')}" ${view.view === 'pod' ? raw('aria-current="page"') : ''}>${view.screenLabel}</a>
            <a href="?${tabQuery(view.query, 'tab')}" ${view.view === 'tab' ? raw('aria-current="page"') : ''}>${view.tabTitle ?? 'Tab'}</a>
          </nav>`
              : ''
          }
          <aside aria-label="${view.view === 'tab' ? 'Tab' : 'Pods'}">
            ${
              view.pods.length === 0
                ? html`<div class="panel none">No ${view.view} is registered for this screen in System › Setup Tables › Manage Hosted API. Run tds-bridge activation to add it.</div>`
                : view.pods.map(
                    (p) => html`<div class="panel">
                    <h2>${p.title}</h2>
                    <iframe id="pod-frame" title="${p.title}" data-src="${p.src}" style="height:${view.view === 'tab' ? 640 : p.height}px"></iframe>
                  </div>`,
                  )
            }
          </aside>
        </main>
        <script type="application/json" id="host-config">
          ${raw(JSON.stringify(podConfigs[0] ?? {}).replace(/</g, '\\u003c'))}
        </script>
        <script type="module" src="/sim/host.js"></script>
      </body>
    </html>`;
}

/** The page's query with `view` set (keeps member, act-as and transport). */
function tabQuery(query: string, view: 'pod' | 'tab'): string {
  const params = new URLSearchParams(query);
  if (view === 'tab') params.set('view', 'tab');
  else params.delete('view');
  return params.toString();
}
