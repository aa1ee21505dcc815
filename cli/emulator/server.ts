// The emulator's HTTP server (Node's http, nothing more): loopback by default, a request body
// limit, malformed JSON answered as a Graph 400, every request handled in arrival order against
// one world on one clock. `startEmulator` is the library entry; `tiersim emulate` wraps it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { graphError, metaJson } from "../../models/wire/index.js";
import { parseDuration } from "../../models/duration.js";
import type { RuleSet } from "../../models/rules/types.js";
import { compileScenario } from "../../scenarios/compile.js";
import { loadScenarioFile } from "../../scenarios/load-file.js";
import { formatIssue, type ScenarioIssue } from "../../scenarios/load.js";
import type { Scenario } from "../../scenarios/schema.js";
import { EmulatorClock, type ClockState } from "./clock.js";
import { CONTROL_PREFIX, controlRoute } from "./control.js";
import { Ids } from "./ids.js";
import { graphRoute } from "./routes.js";
import { Dispatcher, type Handshake, type WebhookLogEntry } from "./webhooks.js";
import { World, type OutboxEntry, type Reply, type WireChoices } from "./world.js";

/** Days of virtual time the emulated world runs unless told otherwise. */
export const DEFAULT_DAYS = 366;
/** The longest emulated world, days. */
export const MAX_DAYS = 3660;
/** Largest request body accepted unless told otherwise, bytes. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** A scenario file, or a scenario already loaded (`loadScenario(…)` when `ok`). */
  scenario: string | { scenario: Scenario; ruleSet: RuleSet };
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1: only this machine can reach the emulator). */
  host?: string;
  /** Seed of the platform's draws and of every id (default: the scenario's). */
  seed?: number;
  /** Days of virtual time the world runs (default 366); the clock cannot pass them. */
  days?: number;
  /** `virtual` (default): time moves when told (or when idle, with `autoAdvance`); `real`: it follows the wall clock at `speed`×. */
  clock?: "virtual" | "real";
  /** Real clock: virtual seconds per wall second (default 1). */
  speed?: number;
  /** Virtual clock: skip ahead to what the sender awaits once the API has been idle for `idleMs` (default false here; the CLI turns it on). */
  autoAdvance?: boolean;
  /** Idle wall ms before an auto-advance (default 200). */
  idleMs?: number;
  /** Webhook endpoint; the GET handshake runs at start. */
  webhook?: string;
  /** Bearer token the API accepts (default: derived from the seed). */
  accessToken?: string;
  /** Secret that signs webhooks (default: derived from the seed). */
  appSecret?: string;
  /** Token of the webhook handshake (default: derived from the seed). */
  verifyToken?: string;
  /** Webhook delivery: concurrency, timeout, retry backoff, duplicates, reordering, log size. */
  webhooks?: {
    concurrency?: number;
    timeoutMs?: number;
    /** Durations (`"30s"`) or ms. */
    retry?: { first?: number | string; max?: number | string; giveUpAfter?: number | string };
    /** Most statuses one webhook carries (default 1; more groups a number's statuses due together, as Meta does under load). */
    batch?: number;
    duplicates?: number;
    reorder?: number | string;
    logSize?: number;
  };
  /** Where Meta leaves a choice: HTTP status of throttling errors, how a paused template and the limit show. */
  wire?: Partial<WireChoices>;
  /** Largest request body, bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Accepted messages the outbox keeps (default 100,000). */
  outboxSize?: number;
}

/** The clock as a test drives it. */
export interface EmulatorClockApi {
  /** Virtual time now. */
  now(): Date;
  state(): ClockState;
  /** Moves time forward (`"6h"`, `"90s"` or ms); resolves once the webhooks due by then had their attempt. */
  advance(by: number | string): Promise<ClockState>;
  /** Sets time (a Date, an ISO string, or ms since the scenario start); never backwards. */
  set(to: Date | string | number): Promise<ClockState>;
  /** Stops time (real clock) or auto-advance (virtual clock); `false` restarts it. */
  freeze(frozen?: boolean): ClockState;
  /** Skips ahead until every status, reply and held message the sender caused is out (at most `max`, default 7 days). */
  settle(max?: number | string): Promise<ClockState>;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL: point the client's Graph API base at it (`${url}/v24.0/${phoneNumberIds[0]}/messages`). */
  url: string;
  /** The scenario's phone-number ids: the ids in the API's paths. */
  phoneNumberIds: string[];
  /** The WhatsApp Business Account id (for `/{waba-id}/message_templates`). */
  wabaId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  /** The webhook endpoint and the outcome of its handshake. */
  webhook: Handshake;
  clock: EmulatorClockApi;
  /** The control plane's base URL (`${url}/_tiersim`). */
  controlUrl: string;
  /** What runs behind it: the scenario's name, its rule set, the seed. */
  scenario: { name: string; rules: string; seed: number };
  /** Platform state: limits, quality, templates, counts (as `GET /_tiersim/state`). */
  state(): Record<string, unknown>;
  /** Accepted messages, oldest first. */
  outbox(q?: { to?: string; status?: string; template?: string; limit?: number }): OutboxEntry[];
  /** Webhooks sent, oldest first, with their attempts and parsed payloads. */
  webhooks(q?: { field?: string; kind?: string; ref?: string; state?: string; limit?: number }): Array<WebhookLogEntry & { payload: unknown }>;
  /** Points webhooks at another endpoint (and runs the handshake against it). */
  setWebhook(url: string | null, verifyToken?: string): Promise<Handshake>;
  /** Rebuilds the world from the scenario: a fresh platform, outbox, faults and log; the clock back at the start. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** A scenario the emulator cannot start with, or a port it cannot listen on. */
export class EmulatorError extends Error {
  constructor(
    message: string,
    /** The scenario's issues, when it is invalid. */
    readonly issues: ScenarioIssue[] = [],
    /** `invalid-scenario`, `invalid-option` or the system's code (`EADDRINUSE`…). */
    readonly code = "invalid-option",
  ) {
    super(message);
    this.name = "EmulatorError";
  }
}

/** The packaged quickstart scenario (`tiersim emulate` without a scenario). */
export function quickstartPath(): string {
  // dist/cli/emulator/server.js and cli/emulator/server.ts both sit three levels below the package root.
  return fileURLToPath(new URL("../../../scenarios/quickstart.yaml", import.meta.url));
}

function ms(v: number | string | undefined, dflt: number, what: string): number {
  if (v === undefined) return dflt;
  const n = parseDuration(v);
  if (n === undefined) throw new EmulatorError(`${what} must be a duration such as "30s" or a number of ms, got ${JSON.stringify(v)}`);
  return n;
}

/**
 * Starts a WhatsApp Cloud API emulator for a scenario: the Graph API on loopback, the same
 * platform `tiersim run` simulates behind it, signed webhooks, and a control plane.
 *
 * @example
 * ```ts
 * const emu = await startEmulator({ scenario: "scenarios/quickstart.yaml", port: 0 });
 * const r = await fetch(`${emu.url}/v24.0/main/messages`, {
 *   method: "POST",
 *   headers: { Authorization: `Bearer ${emu.accessToken}`, "Content-Type": "application/json" },
 *   body: JSON.stringify({ messaging_product: "whatsapp", to: "15551000000", type: "template",
 *     template: { name: "daily_deal", language: { code: "en_US" } } }),
 * });
 * await emu.clock.advance("6h");
 * await emu.stop();
 * ```
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  let loaded: { scenario: Scenario; ruleSet: RuleSet };
  if (typeof options.scenario === "string") {
    const r = loadScenarioFile(options.scenario);
    if (!r.ok) throw new EmulatorError(`${options.scenario} is not a valid scenario:\n${r.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`, r.issues, "invalid-scenario");
    loaded = r;
  } else loaded = options.scenario;
  const days = options.days ?? Math.max(DEFAULT_DAYS, loaded.scenario.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new EmulatorError(`days must be a whole number from 1 to ${MAX_DAYS}, got ${days}`);
  const seed = options.seed ?? loaded.scenario.seed;
  const speed = options.speed ?? 1;
  if (!(speed > 0 && Number.isFinite(speed))) throw new EmulatorError(`speed must be a number > 0, got ${speed}`);
  const w = options.webhooks ?? {};
  const whole = (v: number | undefined, what: string, min: number): void => {
    if (v !== undefined && !(Number.isInteger(v) && v >= min)) throw new EmulatorError(`${what} must be a whole number ≥ ${min}, got ${v}`);
  };
  whole(w.concurrency, "webhooks.concurrency", 1);
  whole(w.batch, "webhooks.batch", 1);
  whole(w.logSize, "webhooks.logSize", 1);
  whole(options.outboxSize, "outboxSize", 1);
  whole(options.bodyLimit, "bodyLimit", 1);
  if (w.duplicates !== undefined && !(w.duplicates >= 0 && w.duplicates <= 1)) throw new EmulatorError(`webhooks.duplicates must be a probability from 0 to 1, got ${w.duplicates}`);
  const config = compileScenario(loaded.scenario, loaded.ruleSet, { days, seed });
  const languages = loaded.scenario.templates.map((t) => (t as { languages?: string[] }).languages ?? ["en_US"]);
  const ids = new Ids(config.seed);
  const accessToken = options.accessToken ?? ids.secret("access-token");
  const wire: WireChoices = { throttleStatus: 400, pausedTemplate: "error", limitReached: "webhook", ...options.wire };
  const dispatcher = new Dispatcher(
    {
      url: options.webhook ?? null,
      appSecret: options.appSecret ?? ids.secret("app-secret"),
      verifyToken: options.verifyToken ?? ids.secret("verify-token"),
      concurrency: w.concurrency ?? 8,
      timeoutMs: w.timeoutMs ?? 10_000,
      retry: { first: ms(w.retry?.first, 30_000, "webhooks.retry.first"), max: ms(w.retry?.max, 3_600_000, "webhooks.retry.max"), giveUpAfter: ms(w.retry?.giveUpAfter, 7 * 86_400_000, "webhooks.retry.giveUpAfter") },
      batch: w.batch ?? 1,
      duplicates: w.duplicates ?? 0,
      reorder: ms(w.reorder, 0, "webhooks.reorder"),
      logSize: w.logSize ?? 10_000,
      seed: config.seed,
    },
    (t) => new Date(config.startEpoch + t).toISOString(),
  );
  const setup = { config, languages, seed: config.seed, wire, outboxSize: options.outboxSize ?? 100_000 };
  let world = new World(setup, dispatcher);
  const clock = new EmulatorClock(
    { world: () => world, dispatcher },
    { mode: options.clock ?? "virtual", speed, autoAdvance: options.autoAdvance ?? false, idleMs: options.idleMs ?? 200 },
  );
  const reset = async (): Promise<void> => {
    dispatcher.clear();
    world = new World(setup, dispatcher);
    clock.reset();
  };
  const host = { world: () => world, clock, dispatcher, reset, scenarioName: config.name };
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      // A bug, never a user's mistake: answer as Graph answers an internal error, and say what it was.
      send(res, 500, graphError(1, { fbtraceId: world.ids.fbtrace(), details: `internal error in the emulator: ${err instanceof Error ? err.message : String(err)}` }), true);
    });
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const control = url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`);
    const raw = await readBody(req, bodyLimit);
    if (raw === null) {
      const msg = `The request body is larger than ${bodyLimit} bytes.`;
      return send(res, 413, control ? { error: { message: msg } } : graphError(100, { fbtraceId: world.ids.fbtrace(), details: msg }), !control, true);
    }
    let body: unknown;
    let invalidJson: string | undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as unknown;
      } catch (e) {
        invalidJson = (e as Error).message;
      }
    }
    clock.requestStarted();
    try {
      let reply: Reply;
      if (control) {
        if (invalidJson !== undefined) reply = { status: 400, body: { error: { message: `the body is not valid JSON: ${invalidJson}` } } };
        else reply = await controlRoute(host, req.method ?? "GET", url.pathname.slice(CONTROL_PREFIX.length), url, body);
      } else {
        reply = graphRoute(world, accessToken, { method: req.method ?? "GET", url, authorization: req.headers.authorization, body, ...(invalidJson !== undefined ? { invalidJson } : {}) });
      }
      send(res, reply.status, reply.body, !control);
    } finally {
      clock.requestEnded();
    }
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new EmulatorError(err.code === "EADDRINUSE" ? `port ${options.port} is in use: choose another with --port, or --port 0 for any free one` : `cannot listen on ${options.host ?? "127.0.0.1"}:${options.port ?? 0}: ${err.message}`, [], err.code ?? "listen"));
    };
    server.once("error", onError);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostName = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${hostName === "0.0.0.0" || hostName === "[::]" ? "127.0.0.1" : hostName}:${address.port}`;
  const webhook = options.webhook === undefined ? dispatcher.endpoint : await dispatcher.verify();
  clock.start();

  const toT = (to: Date | string | number): number => (typeof to === "number" ? to : (to instanceof Date ? to.getTime() : Date.parse(to)) - config.startEpoch);
  return {
    url,
    phoneNumberIds: config.business.phones.map((p) => p.id),
    wabaId: world.wabaId,
    accessToken,
    appSecret: dispatcher.settings.appSecret,
    verifyToken: dispatcher.settings.verifyToken,
    webhook,
    controlUrl: `${url}${CONTROL_PREFIX}`,
    scenario: { name: config.name, rules: config.ruleSet.id, seed: config.seed },
    clock: {
      now: () => new Date(config.startEpoch + clock.now()),
      state: () => clock.state(),
      advance: (by) => clock.advance(ms(by, 0, "advance")),
      set: (to) => clock.set(toT(to)),
      freeze: (frozen = true) => clock.freeze(frozen),
      settle: (max) => clock.settle(ms(max, 7 * 86_400_000, "settle")),
    },
    state: () => ({ ...world.state(), clock: clock.state() }),
    outbox: (q = {}) => world.outboxView({ ...q, limit: q.limit ?? 100_000, offset: 0 }).messages,
    webhooks: (q = {}) => dispatcher.log({ ...q, limit: q.limit ?? 100_000 }).webhooks.map((e) => ({ ...e, payload: JSON.parse(e.body) as unknown })),
    setWebhook: (u, token) => dispatcher.setEndpoint(u, token),
    reset,
    stop: async () => {
      clock.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      dispatcher.close();
    },
  };
}

/** The body as text; `null` when it is larger than `limit` bytes (the rest is drained unread). */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(over ? null : chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, graph: boolean, close = false): void {
  const text = graph ? metaJson(body) : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": graph ? "application/json; charset=UTF-8" : "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...(close ? { Connection: "close" } : {}),
  });
  res.end(text);
}
