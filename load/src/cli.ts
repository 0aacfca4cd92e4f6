// `npm run load -- <scenario> [options]`: runs the scenario's stages against the API, showing
// progress, measures what the server saw alongside, writes the reports and exits 0 when the
// thresholds held, 1 when not, 2 on bad options, 130 when interrupted (the report still written).

import { readFileSync } from 'node:fs';
import { parseOptions, type Options } from './options.ts';
import { progressPrinter } from './progress.ts';
import { checkStage, verdict, type RunReport, type StageReport } from './report/model.ts';
import { markdown } from './report/markdown.ts';
import { writeReports } from './report/write.ts';
import { runStage, type RunningStage } from './runner.ts';
import { SCENARIOS, type Scenario, type StageOutcome } from './scenarios/index.ts';
import { figuresFromPrometheus, MetricsSampler, type ServerFigures } from './server/figures.ts';
import { UsageError } from './usage.ts';

const HELP = new URL('../help.txt', import.meta.url);

export async function main(argv: string[]): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bengkel-load: ${error.message}\nRun with --help for the scenarios and options.\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(readFileSync(HELP, 'utf8'));
    return 0;
  }
  try {
    const health = await fetch(`${options.url}/api/health`, { signal: AbortSignal.timeout(5000) });
    if (!health.ok) throw new Error(`/api/health answered ${health.status}`);
  } catch (error) {
    process.stderr.write(`bengkel-load: cannot reach the API at ${options.url}: ${(error as Error).message}\n`);
    return 2;
  }
  // A run whose every request is refused measures nothing: check the credentials first.
  const me = await fetch(`${options.url}/api/customers?limit=1`, { signal: AbortSignal.timeout(5000), headers: options.token ? { authorization: `Bearer ${options.token}` } : {} }).catch(() => undefined);
  if (me?.status === 401 || me?.status === 403) {
    process.stderr.write(
      options.token
        ? `bengkel-load: the API refused the token (${me.status}): make one with the frontdesk or owner role (web app: Tokens, or POST /api/tokens)\n`
        : 'bengkel-load: the API needs an API token: pass --token or set BENGKEL_TOKEN (an owner makes one in the web app under Tokens, or with POST /api/tokens)\n',
    );
    return 2;
  }
  return run(options, argv);
}

async function run(options: Options, argv: string[]): Promise<number> {
  const scenario: Scenario = SCENARIOS[options.scenario];
  const printer = progressPrinter(process.stderr, options.progress);
  let current: RunningStage | undefined;
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    current?.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const startedAt = new Date();
  const stages: StageReport[] = [];
  const outcomes: StageOutcome[] = [];
  try {
    for (let plan = scenario.next(options, outcomes); plan && !interrupted; plan = scenario.next(options, outcomes)) {
      process.stderr.write(`${options.scenario} · ${plan.label}: ${plan.users} user${plan.users === 1 ? '' : 's'}, ${plan.amount ? `${plan.amount} requests` : `${plan.durationSeconds} s`}${plan.rate ? ` at ${plan.rate} req/s` : ''}\n`);
      const sampler = options.prometheus ? undefined : new MetricsSampler(options.url, options.metricsToken);
      let serverError: string | undefined;
      await sampler?.start().catch((error: Error) => (serverError = error.message));
      const label = plan.label;
      current = runStage(options.url, plan, (live) => printer.update(label, live), options.token);
      const stage = await current.done;
      printer.end();
      let server: ServerFigures | undefined;
      if (!serverError) {
        try {
          server = sampler ? await sampler.stop() : await figuresFromPrometheus(options.prometheus!, stage.startedAt, stage.endedAt);
        } catch (error) {
          serverError = (error as Error).message;
        }
      }
      const judged = checkStage(stage, options);
      stages.push({
        label: plan.label,
        users: plan.users,
        ...(plan.rate ? { rate: plan.rate } : {}),
        startedAt: stage.startedAt.toISOString(),
        endedAt: stage.endedAt.toISOString(),
        client: stage.client,
        ...(server ? { server } : {}),
        ...(serverError ? { serverError } : {}),
        ...judged,
        timeline: stage.timeline,
      });
      outcomes.push({ plan, withinTargets: judged.withinTargets });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const report: RunReport = {
    scenario: options.scenario,
    summary: scenario.summary,
    command: ['npm run load --', ...redacted(argv)].join(' '),
    url: options.url,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    interrupted,
    thresholds: { maxP95Ms: options.maxP95Ms, maxErrorRate: options.maxErrorRate, ...(options.max4xxRate !== undefined ? { max4xxRate: options.max4xxRate } : {}) },
    stages,
    verdict: verdict(stages, scenario.judge),
  };
  const folder = writeReports(options.out, report);
  process.stdout.write(`${markdown(report)}\nReports: ${folder}/report.md, report.json, report.html\n`);
  return interrupted ? 130 : report.verdict.passed ? 0 : 1;
}

/** The command line as the report shows it: never a token. */
function redacted(argv: string[]): string[] {
  return argv.map((arg, i) => {
    if (/^--(metrics-)?token=/.test(arg)) return `${arg.slice(0, arg.indexOf('=') + 1)}***`;
    return /^--(metrics-)?token$/.test(argv[i - 1] ?? '') ? '***' : arg;
  });
}

process.exitCode = await main(process.argv.slice(2));
