import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { lineOfKey } from '../manifests.js';
import { backendPackages } from './backend-packages.js';

export const NO_ERROR_TRACKING: RuleMeta = {
  id: 'observability.no-error-tracking',
  severity: 'info',
  title: 'A backend reports its errors nowhere',
  fix: 'Add an error tracker (Sentry, Bugsnag, Rollbar, Honeybadger) or an APM/OpenTelemetry exporter, initialised before the app, so a failure in production raises an alert with its stack and request.',
};

/** Every framework whose handlers are code (an OpenAPI document serves nothing itself). */
const CODE_FRAMEWORKS = new Set([
  'express',
  'fastify',
  'hono',
  'nestjs',
  'nextjs',
  'nitro',
  'sveltekit',
  'remix',
  'trpc',
  'ts-rest',
]);

/** Error trackers, APM agents and metrics clients, by package name. */
const TRACKING =
  /sentry|bugsnag|rollbar|honeybadger|newrelic|dd-trace|@datadog\/|opentelemetry|@vercel\/otel|prom-client|prometheus|elastic-apm|@highlight-run\/|appsignal|applicationinsights|error-reporting|raygun|airbrake|posthog-node|instana|dynatrace|@baselime\/|@hyperdx\//;
/** Browser SDKs: a tracker in the frontend package does not see the server's errors. */
const BROWSER_ONLY =
  /@sentry\/(?:browser|react|vue|angular|svelte|solid|ember|gatsby|react-native)$|@datadog\/browser-|@bugsnag\/(?:browser|plugin-react|plugin-vue)/;
/** An agent started outside the code: `node -r dd-trace/init`, a Dockerfile installing newrelic. */
const AGENT_MENTION = /dd-trace|newrelic|opentelemetry|@sentry\/|elastic-apm|appsignal/;
const DEPLOY_FILES =
  /(?:^|\/)(?:Dockerfile[\w.-]*|Procfile|docker-compose[\w.-]*\.ya?ml|ecosystem\.config\.[cm]?js)$/;

export function noErrorTracking(context: RepoRuleContext): RepoFinding[] {
  return backendPackages(context, CODE_FRAMEWORKS).flatMap((pkg) => {
    if ([...pkg.dependencies].some((name) => TRACKING.test(name))) return [];
    // A shared package of the monorepo may bring the server's tracker; a browser SDK does not count.
    const elsewhere = pkg.manifests.flatMap((m) =>
      Object.keys({ ...m.json.dependencies, ...m.json.devDependencies }),
    );
    if (elsewhere.some((name) => TRACKING.test(name) && !BROWSER_ONLY.test(name))) return [];
    if (AGENT_MENTION.test(JSON.stringify(pkg.manifest.json.scripts ?? {}))) return [];
    const deployFiles = context.files.filter((file) => DEPLOY_FILES.test(file));
    if (deployFiles.some((file) => AGENT_MENTION.test(context.read(file) ?? ''))) return [];
    const frameworks = [...pkg.frameworks].join('/');
    const count = pkg.endpoints.length;
    return [
      {
        file: pkg.manifest.path,
        rule: NO_ERROR_TRACKING.id,
        line: lineOfKey(pkg.manifest, 'dependencies'),
        column: 1,
        message: `The ${frameworks} backend (${count} route${count === 1 ? '' : 's'}) reports errors nowhere: ${pkg.manifest.path} depends on no error tracker, APM agent or metrics client (Sentry, Bugsnag, Rollbar, Datadog, New Relic, OpenTelemetry, prom-client), so a failure in production is seen only if someone reads the logs.`,
        subject: pkg.manifest.path,
        key: pkg.manifest.path,
      },
    ];
  });
}
