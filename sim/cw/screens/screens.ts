/**
 * Simulated ConnectWise screens (opportunity, purchase order, company, ticket). Like ConnectWise, a screen shows
 * the record's header and frames every pod registered for it in the Hosted API setup table
 * (`system/connectwisehostedsetups`), substituting `[cw_id]` and `[cw_screen]` in the registered URL.
 * Pods sit in a narrow side panel (300 px, as ConnectWise shows pods); `?view=tab` shows the setups registered
 * as a Tab instead, full width under the record. Query options let a test act as another member, a forged hash
 * or another company, or switch to Penpal.
 */
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import type { CwSimulator } from '../index.ts';
import type { HostPageConfig } from './host-config.ts';
import { poEditView, savePoEdit } from './po-edit.ts';
import { renderScreen, type ScreenView } from './render.ts';
import { describeRecord, SCREENS } from './screen-records.ts';

export interface ScreenOptions {
  cw: CwSimulator;
}

type Row = Record<string, unknown>;

export function screenRoutes({ cw }: ScreenOptions): Hono {
  const app = new Hono();

  app.get('/:screen/:id{[0-9]+}', (c) => {
    const screen = SCREENS[c.req.param('screen')];
    const id = Number(c.req.param('id'));
    if (!screen) return c.text(`The simulator has no "${c.req.param('screen')}" screen.`, 404);
    const record = cw.get(screen.entity, id);
    if (!record) return c.text(`ConnectWise (simulated) has no ${screen.label} #${id}.`, 404);

    const members = cw
      .list('system/members')
      // API members (license class A) cannot sign in to ConnectWise screens.
      .filter((m) => !m.inactiveFlag && m.licenseClass !== 'A')
      .map((m) => ({ identifier: String(m.identifier), name: memberName(m) }));
    const memberId = c.req.query('member') ?? members[0]?.identifier ?? 'jsmith';
    const member = cw.list('system/members').find((m) => m.identifier === memberId);
    const as = c.req.query('as');
    const display = c.req.query('view') === 'tab' ? 'tab' : 'pod';
    // One frame per screen: ours. (ConnectWise would stack every registered pod.)
    const pods = setupsFor(cw, screen.hostedScreenNames, display)
      .slice(0, 1)
      .map((setup, index) =>
        podFrame(
          c,
          setup,
          { screenKey: screen.key, id, index, hostedAs: display },
          {
            member: memberId,
            email: String(member?.officeEmail ?? member?.defaultEmail ?? `${memberId}@example.com`),
            hash: as === 'forged' ? '00000000-dead-beef-0000-000000000000' : cw.issueMemberHash(memberId),
            companyId: as === 'othercompany' ? 'othermsp' : cw.companyId,
          },
        ),
      );

    const view: ScreenView = {
      screenLabel: screen.label,
      record: describeRecord(screen.key, record),
      members,
      currentMember: memberId,
      as: as ?? '',
      pods,
      view: display,
      tabTitle: setupsFor(cw, screen.hostedScreenNames, 'tab').map((t) => String(t.description ?? 'Tab'))[0],
      query: new URL(c.req.url).search,
      editableFields: editableFields(cw, screen.key, record),
      fieldAction: { url: '/sim/cw/_sim/form/screen-field', screen: screen.key, id },
      poEdit: screen.key === 'purchaseorder' ? poEditView(cw, record, c.req.query('notice')) : undefined,
    };
    c.header(
      'Content-Security-Policy',
      `default-src 'self'; style-src 'self' 'unsafe-inline'; frame-src ${[...new Set(pods.map((p) => p.config.podOrigin))].join(' ') || "'none'"}; frame-ancestors 'self'`,
    );
    return c.html(renderScreen(view));
  });

  // The member's Save: the host script submits the form once the pod agreed (beforeSave), as ConnectWise saves.
  app.post('/purchaseorder/:id{[0-9]+}', (c) => savePoEdit(c, cw, Number(c.req.param('id'))));

  return app;
}

function setupsFor(cw: CwSimulator, names: string[], type: 'pod' | 'tab'): Row[] {
  const screens = cw.list('system/connectWiseHostedScreens');
  const ids = new Set(
    screens.filter((s) => names.some((n) => n === norm(s.name) || n === norm(s.screenId))).map((s) => Number(s.id)),
  );
  return cw
    .list('system/connectwisehostedsetups')
    .filter((s) => ids.has(Number(s.screenId)) && !s.disabledFlag && String(s.type ?? 'Pod').toLowerCase() === type);
}

const norm = (v: unknown) =>
  String(v ?? '')
    .toLowerCase()
    .replace(/[\s_-]/g, '');

function memberName(m: Row): string {
  return [m.firstName, m.lastName].filter(Boolean).join(' ') || String(m.identifier);
}

function podFrame(
  c: Context,
  setup: Row,
  { screenKey, id, index, hostedAs }: { screenKey: string; id: number; index: number; hostedAs: 'pod' | 'tab' },
  who: { member: string; email: string; hash: string; companyId: string },
) {
  const src = new URL(String(setup.url).replaceAll('[cw_id]', String(id)).replaceAll('[cw_screen]', screenKey));
  const transport = c.req.query('transport') ?? src.searchParams.get('host') ?? 'cw';
  if (c.req.query('transport')) src.searchParams.set('host', transport);
  const origin = new URL(c.req.url).origin;
  const config: HostPageConfig = {
    podOrigin: src.origin,
    transport: transport === 'penpal' ? 'penpal' : 'cw',
    frameId: `pod-${setup.id}-${index}`,
    screen: screenKey,
    hostedAs,
    recordId: id,
    memberAuthentication: {
      site: `${origin}/`,
      companyid: who.companyId,
      memberid: who.member,
      memberHash: who.hash,
      memberContext: 'web',
      memberEmail: who.email,
      codeBase: 'v4_6_release',
    },
  };
  return {
    title: String(setup.description ?? 'Pod'),
    height: Number(setup.podHeight ?? 300),
    src: src.toString(),
    config,
  };
}

/**
 * The screens' host script, served from /sim/host.js: its chunk imports are relative (../assets/…),
 * so it must sit one level below the site root, as it does in dist/.
 */
export function hostScriptRoute(assets?: (path: string) => Promise<Response | null>): Hono {
  return new Hono().get('/host.js', async (c) => {
    const file = await assets?.('/sim/host.js');
    if (!file?.ok) return c.text('// host script not built: run `npm run build`', 503);
    return new Response(file.body, {
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' },
    });
  });
}

/** Custom fields the simulated screens let a member set: list fields tds-bridge's activation creates. */
const EDITABLE_FIELDS: Record<string, string[]> = { opportunity: ['TDS Sync Price'] };

function editableFields(cw: CwSimulator, screenKey: string, record: Row) {
  const captions = EDITABLE_FIELDS[screenKey] ?? [];
  const udfs = cw.list('system/userDefinedFields');
  return captions.flatMap((caption) => {
    const udf = udfs.find((u) => norm(u.caption) === norm(caption));
    if (!udf) return [];
    const options = (Array.isArray(udf.options) ? (udf.options as Row[]) : []).map((o) => String(o.optionValue ?? ''));
    const current = (Array.isArray(record.customFields) ? (record.customFields as Row[]) : []).find(
      (f) => f.id === udf.id,
    );
    return [{ caption: String(udf.caption), value: String(current?.value ?? ''), options }];
  });
}

const FieldForm = z.object({
  screen: z.enum(Object.keys(EDITABLE_FIELDS) as [string, ...string[]]),
  id: z.coerce.number().int().positive(),
  member: z.string().min(1).max(60),
  caption: z.string().min(1).max(60),
  value: z.string().max(100),
});

/**
 * `POST /_sim/form/screen-field` (mounted under /sim/cw, so the simulator guard applies): a member saves a custom
 * field from a simulated screen; ConnectWise would fire its callbacks, and so does the simulator. Back to the screen.
 */
export function screenFieldFormRoutes({ cw }: ScreenOptions): Hono {
  return new Hono().post('/screen-field', async (c) => {
    const body = await c.req.parseBody().catch(() => ({}));
    const parsed = FieldForm.safeParse(body);
    const screen = parsed.success ? SCREENS[parsed.data.screen] : undefined;
    if (
      !parsed.success ||
      !screen ||
      !(EDITABLE_FIELDS[screen.key] ?? []).some((f) => norm(f) === norm(parsed.data.caption))
    ) {
      return c.json(
        { error: { code: 'invalid_form', message: 'Choose a value for a field this screen lets you set.' } },
        400,
      );
    }
    const { id, caption, value, member } = parsed.data;
    if (!cw.saveCustomField({ entity: screen.entity, id, caption, value, member })) {
      return c.json(
        {
          error: {
            code: 'field_not_found',
            message: `No ${screen.label} #${id} with a "${caption}" field; run tds-bridge activation first.`,
          },
        },
        404,
      );
    }
    return c.redirect(`/sim/cw/screens/${screen.key}/${id}?member=${encodeURIComponent(member)}`, 303);
  });
}
