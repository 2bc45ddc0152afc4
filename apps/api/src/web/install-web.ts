import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifySecureSession from '@fastify/secure-session';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { errorCodes, type FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import { SESSION_COOKIE, SESSION_COOKIE_OPTIONS, SESSION_SECONDS } from './session/web-session';
import { WEB_FORM_ROUTES, WEB_PATHS } from './web-paths';

export interface WebInstallOptions {
  /** The 32-byte key that seals the session cookie (`sessionKeyFrom`). */
  sessionKey: Buffer;
}

/** Where nhsuk-frontend keeps its built CSS, JavaScript, images and Nunjucks templates. */
function nhsukFrontend(): { dist: string; version: string } {
  const packageJson = require.resolve('nhsuk-frontend/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return { dist: join(dirname(packageJson), 'dist'), version };
}

/**
 * nhsuk-frontend's stylesheet without its @font-face rules. They load the Frutiger web font from
 * assets.nhs.uk, which is licensed for services on nhs.uk; this service is not one, and its pages
 * load nothing from another site. The stylesheet's own fallback, Arial, is what the NHS design
 * system asks of such services.
 */
function stylesheetWithoutWebFont(path: string): string {
  return readFileSync(path, 'utf8').replace(/@font-face\s*\{[^}]*\}/g, '');
}

/** The stylesheet and script, by their versioned names (so a new release is a new address). */
export function nhsukAssetNames(): { stylesheet: string; script: string } {
  const { version } = nhsukFrontend();
  return {
    stylesheet: `nhsuk-frontend-${version}.min.css`,
    script: `nhsuk-frontend-${version}.min.js`,
  };
}

/**
 * The web app's Fastify plugins, installed on the API's Fastify instance before Nest adds its
 * routes (Fastify registers routes after the plugins queued before them, so every page gets
 * their hooks):
 *
 * - the session cookie (@fastify/cookie, @fastify/secure-session) and CSRF tokens kept in it
 *   (@fastify/csrf-protection; `CsrfGuard` checks them);
 * - Nunjucks views (@fastify/view) from this folder's `views/` and nhsuk-frontend's templates;
 * - nhsuk-frontend's built stylesheet, script and images under /assets/ (@fastify/static),
 *   only those files;
 * - a parser for HTML forms on the web's form routes only: the API still answers a form sent
 *   to it with 415, as before.
 */
export function installWeb(fastify: FastifyInstance, options: WebInstallOptions): void {
  const { dist } = nhsukFrontend();
  const assets = nhsukAssetNames();
  void fastify.register(fastifyCookie);
  void fastify.register(fastifySecureSession, {
    key: options.sessionKey,
    cookieName: SESSION_COOKIE,
    cookie: { ...SESSION_COOKIE_OPTIONS },
    expiry: SESSION_SECONDS,
  });
  void fastify.register(fastifyCsrf, { sessionPlugin: '@fastify/secure-session' });
  void fastify.register(fastifyView, {
    engine: { nunjucks },
    templates: [join(__dirname, 'views'), dist],
    options: { autoescape: true, throwOnUndefined: false },
  });
  const stylesheet = stylesheetWithoutWebFont(join(dist, 'nhsuk', 'nhsuk-frontend.min.css'));
  fastify.get(`${WEB_PATHS.assets}${assets.stylesheet}`, (_request, reply) => {
    void reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(stylesheet);
  });
  const served = new Set([`/${assets.script}`, '/manifest.json']);
  void fastify.register(fastifyStatic, {
    root: [join(dist, 'nhsuk', 'assets'), join(dist, 'nhsuk')],
    prefix: WEB_PATHS.assets,
    decorateReply: false,
    index: false,
    maxAge: '1d',
    allowedPath: (path: string) => served.has(path) || /^\/images\/[\w.-]+$/.test(path),
  });
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (request, body, done) => {
      // An address nobody serves is answered 404 by the not-found handler, whatever the body.
      if (request.is404) {
        done(null, {});
        return;
      }
      if (request.method !== 'POST' || !WEB_FORM_ROUTES.has(request.routeOptions.url ?? '')) {
        done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type']));
        return;
      }
      // A field sent twice keeps its last value; fields are read as text, never as objects.
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
}
