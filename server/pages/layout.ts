/** Shared chrome of our server-rendered pages (landing, simulated screens). */
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
          body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 0 auto; max-width: 1100px; padding: 24px; color: #1d2a36; }
          h1 small { font-size: 13px; color: #6b7a88; font-weight: normal; }
          h2 { font-size: 16px; margin: 20px 0 8px; }
          .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
          ul { padding-left: 18px; margin: 0; } li { margin: 3px 0; } small { color: #6b7a88; }
          a { color: #0b63b5; } code { background: #f2f4f6; padding: 1px 4px; border-radius: 3px; }
        </style>
        ${head}
      </head>
      <body>
        ${body}
      </body>
    </html>`;
}
