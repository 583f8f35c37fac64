/** Shared chrome of our server-rendered pages (landing tour, API reference, simulator pages). */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

type Body = HtmlEscapedString | Promise<HtmlEscapedString>;

export function page(title: string, body: Body, head: Body | '' = '') {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          /* The pod's palette (pod/ui/pod.css), so the landing and simulator pages look like the product. */
          :root { --ink: #1f2d3a; --muted: #667685; --rule: #d9dee3; --accent: #0067b1; --bad: #b42318; --warn: #a15c07; --ok: #1a7f37; }
          body { font: 14px/1.45 "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0 auto; max-width: 1100px; padding: 24px; color: var(--ink); }
          h1 small { font-size: 13px; color: var(--muted); font-weight: normal; }
          h2 { font-size: 16px; margin: 20px 0 8px; } h3 { font-size: 14px; margin: 0 0 6px; }
          .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
          ul, ol { padding-left: 18px; margin: 0; } li { margin: 3px 0; } small { color: var(--muted); }
          a { color: var(--accent); } code { color: var(--ink); background: #f2f4f6; padding: 1px 4px; border-radius: 3px; }
          .lead { font-size: 15px; max-width: 780px; }
          .task { border: 1px solid var(--rule); border-left: 3px solid var(--accent); border-radius: 3px; padding: 10px 14px; margin: 10px 0; }
          .task p { margin: 4px 0; } .look { color: var(--muted); }
          .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; } form { margin: 0; }
          button { font: inherit; padding: 4px 12px; border: 1px solid var(--accent); background: #fff; color: var(--accent); border-radius: 3px; cursor: pointer; }
          button.danger { border-color: var(--bad); color: var(--bad); }
          .note { border: 1px solid var(--rule); border-left: 3px solid var(--warn); padding: 6px 10px; }
          .bad { color: var(--bad); } .ok { color: var(--ok); }
          table { border-collapse: collapse; } th, td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--rule); }
        </style>
        ${head}
      </head>
      <body>
        ${body}
      </body>
    </html>`;
}

/**
 * The server's Referrer-Policy is no-referrer, with which browsers send `Origin: null` on a form's POST; the
 * simulator controls accept changes only with their own Origin (sim/guard.ts), so pages with such forms relax it.
 */
export const SAME_ORIGIN_REFERRER = html`<meta name="referrer" content="same-origin" />`;
