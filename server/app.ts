/**
 * The HTTP app, the same on Node and Workers. Read top to bottom to find every flow:
 * pod page and API, sessions, health, landing page, and the simulators when mounted.
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { SessionClaims } from './auth/session-token.ts';
import { consoleRoutes } from './console/routes.ts';
import type { Deps } from './deps.ts';
import { applyBodyLimits } from './http/body-limits.ts';
import { handleError, handleNotFound } from './http/error-handler.ts';
import { apiReferencePage } from './pages/api-reference.ts';
import { landingPage } from './pages/landing.ts';
import { assetRoutes, podPageRoutes } from './pages/pod-page.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { callbackRoutes } from './routes/callbacks.ts';
import { healthRoutes } from './routes/health.ts';
import { podOrderStatusRoutes } from './routes/pod-order-status.ts';
import { podOrderRoutes } from './routes/pod-orders.ts';
import { podPricingRoutes } from './routes/pod-pricing.ts';
import { podRecordRoutes } from './routes/pod-records.ts';
import { requireSession, sessionRoutes } from './routes/session.ts';
import { setupAdminRoutes } from './routes/setup/index.ts';
import type { Services } from './services.ts';

export type AppEnv = {
  Variables: { deps: Deps; services: Services; session: SessionClaims; requestId: string };
};

/** The app over the services the entry built once (server/services.ts). */
export function createApp(services: Services): Hono<AppEnv> {
  const { deps } = services;
  // strict: false so /pod/ (the URL registered in ConnectWise) and /pod are the same page.
  const app = new Hono<AppEnv>({ strict: false });

  app.use(requestId());
  // X-Frame-Options stays off: ConnectWise must frame the pod. The pod page sets its own
  // CSP frame-ancestors; every other HTML page sets `frame-ancestors 'self'`.
  app.use(secureHeaders({ xFrameOptions: false, crossOriginResourcePolicy: false, crossOriginOpenerPolicy: false }));
  app.use(async function injectDeps(c, next) {
    c.set('deps', deps);
    c.set('services', services);
    await next();
  });
  app.onError(handleError);
  app.notFound(handleNotFound);
  // Before any route reads a body: every route has a limit, enforced while the body streams in.
  applyBodyLimits(app);

  app.route('/api/health', healthRoutes());
  app.route('/api/session', sessionRoutes());
  app.use('/api/pod/*', requireSession);
  app.route('/api/pod', podRecordRoutes());
  app.route('/api/pod', podPricingRoutes());
  app.route('/api/pod', podOrderRoutes());
  app.route('/api/pod', podOrderStatusRoutes());
  app.route('/api/admin', adminRoutes());
  app.route('/api/admin', setupAdminRoutes());
  app.route('/api/callbacks', callbackRoutes());

  app.route('/pod', podPageRoutes());
  app.route('/console', consoleRoutes());
  app.route('/assets', assetRoutes());
  app.route('/console-assets', assetRoutes());
  if (deps.simulators) app.route('/sim', deps.simulators.app);
  app.get('/api/reference', apiReferencePage(app));
  app.get('/', landingPage);
  app.get('/favicon.ico', (c) => c.body(null, 204));

  return app;
}
