// The control plane, under /_tiersim/ (never a Graph path): health, reset, the clock, the outbox
// of accepted messages, the webhook log, the platform's state and events, simulated inbound
// messages, fault injection, and the settings a test may force — quality, limit, template status.
// Answers are plain JSON; mistakes are `{ error: { message } }` with 400 (or 404 for a path the
// control plane does not have).
import { parseDuration } from "../../models/duration.js";
import type { Limit, Quality, TemplateStatus } from "../../models/rules/types.js";
import { VERSION } from "../../index-version.js";
import { ClockError, type EmulatorClock } from "./clock.js";
import { canonicalNumber, waIdOf } from "./recipients.js";
import type { Dispatcher } from "./webhooks.js";
import type { Reply, World } from "./world.js";

/** The control plane's prefix. */
export const CONTROL_PREFIX = "/_tiersim";

/** What the control plane acts on. */
export interface ControlHost {
  world(): World;
  readonly clock: EmulatorClock;
  readonly dispatcher: Dispatcher;
  /** Rebuilds the world from the scenario (a fresh platform, outbox, faults and webhook log). */
  reset(): Promise<void>;
  /** Scenario name and rule set, for the health answer. */
  readonly scenarioName: string;
}

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Obj = Record<string, unknown>;

function bodyObj(body: unknown): Obj {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) throw new BadRequest("the body must be a JSON object");
  return body as Obj;
}

function duration(v: unknown, what: string): number {
  const ms = typeof v === "number" || typeof v === "string" ? parseDuration(v) : undefined;
  if (ms === undefined) throw new BadRequest(`${what} must be a duration such as "90s", "6h", "7d" or a number of ms, got ${JSON.stringify(v)}`);
  return ms;
}

function intParam(url: URL, name: string, dflt: number, max: number): number {
  const v = url.searchParams.get(name);
  if (v === null) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new BadRequest(`?${name} must be a whole number ≥ 0, got ${v}`);
  return Math.min(n, max);
}

function phoneOf(world: World, body: Obj): number {
  if (body.phone === undefined) return 0;
  const i = world.phoneIndex(String(body.phone));
  if (i < 0) throw new BadRequest(`no phone number "${String(body.phone)}": the scenario has ${world.phones.map((p) => p.id).join(", ")}`);
  return i;
}

const FAULT_KEYS: readonly string[] = ["code", "to", "prefix", "count", "mode", "details"];
const QUALITIES: readonly string[] = ["GREEN", "YELLOW", "RED", "UNKNOWN"];
const STATUSES: readonly string[] = ["PENDING", "APPROVED", "REJECTED", "PAUSED", "DISABLED"];

/** A limit as a test writes it: 10000, null / "unlimited", or a tier name (`TIER_10K`). */
function limitOf(v: unknown): Limit {
  if (v === null || v === "unlimited" || v === "TIER_UNLIMITED") return null;
  if (typeof v === "number" && Number.isInteger(v) && v > 0) return v;
  const m = typeof v === "string" ? /^TIER_(\d+)(K?)$/.exec(v) : null;
  if (m) return Number(m[1]) * (m[2] === "K" ? 1000 : 1);
  throw new BadRequest(`limit must be a whole number > 0, null (unlimited) or a tier name such as "TIER_10K", got ${JSON.stringify(v)}`);
}

/**
 * Answers one control-plane request (`path` is what follows the prefix).
 *
 * @example
 * ```ts
 * await controlRoute(host, "POST", "/clock/advance", new URL("http://x/_tiersim/clock/advance"), { by: "6h" });
 * // { status: 200, body: { now: "2026-03-02T06:00:00.000Z", t: 21600000, mode: "virtual", … } }
 * ```
 */
export async function controlRoute(host: ControlHost, method: string, path: string, url: URL, body: unknown): Promise<Reply> {
  try {
    return await route(host, method.toUpperCase(), path.replace(/\/+$/, "") || "/", url, body);
  } catch (e) {
    if (e instanceof BadRequest) return { status: e.status, body: { error: { message: e.message } } };
    if (e instanceof ClockError || e instanceof RangeError) return { status: 400, body: { error: { message: e.message } } };
    throw e;
  }
}

async function route(host: ControlHost, method: string, path: string, url: URL, raw: unknown): Promise<Reply> {
  const world = host.world();
  const ok = (body: unknown): Reply => ({ status: 200, body });
  const want = (m: string): void => {
    if (method !== m) throw new BadRequest(`${method} ${CONTROL_PREFIX}${path}: use ${m}`, 405);
  };
  const parts = path.split("/").filter((s) => s !== "").map(decodeURIComponent);

  switch (parts[0]) {
    case "health":
      want("GET");
      return ok({ ok: true, tool: { name: "tiersim", version: VERSION }, scenario: host.scenarioName, rules: world.cfg.ruleSet.id, now: world.iso(host.clock.now()) });
    case "reset":
      want("POST");
      await host.reset();
      return ok({ reset: true, clock: host.clock.state() });
    case "clock":
      return clock(host, method, parts[1], bodyObj(raw));
    case "state":
      want("GET");
      return ok({ ...world.state(), clock: host.clock.state(), webhooks: { endpoint: host.dispatcher.endpoint, ...host.dispatcher.stats() }, faults: world.faults.active.length });
    case "events": {
      want("GET");
      const type = url.searchParams.get("type");
      const events = world.sp.events.filter((e) => type === null || type.split(",").includes(e.type));
      return ok({ total: events.length, events });
    }
    case "outbox": {
      want("GET");
      if (parts[1] !== undefined) {
        const m = world.message(parts[1]);
        if (!m) throw new BadRequest(`no message ${parts[1]} in the outbox`, 404);
        return ok({ ...m, webhooks: host.dispatcher.log({ ref: parts[1], limit: 1000 }).webhooks.map(withPayload) });
      }
      const q = url.searchParams;
      return ok(world.outboxView({ ...opt("to", q.get("to")), ...opt("status", q.get("status")), ...opt("template", q.get("template")), limit: intParam(url, "limit", 100, 10_000), offset: intParam(url, "offset", 0, Number.MAX_SAFE_INTEGER) }));
    }
    case "webhooks": {
      want("GET");
      const q = url.searchParams;
      const log = host.dispatcher.log({ ...opt("field", q.get("field")), ...opt("kind", q.get("kind")), ...opt("ref", q.get("ref")), ...opt("state", q.get("state")), limit: intParam(url, "limit", 100, 10_000), offset: intParam(url, "offset", 0, Number.MAX_SAFE_INTEGER) });
      return ok({ ...log, webhooks: log.webhooks.map(withPayload), pending: host.dispatcher.pending });
    }
    case "webhook": {
      if (method === "GET") return ok(host.dispatcher.endpoint);
      want("POST");
      const b = bodyObj(raw);
      const url2 = b.url === null ? null : typeof b.url === "string" ? b.url : undefined;
      if (url2 === undefined) throw new BadRequest("url must be the endpoint's URL (http or https), or null to stop sending webhooks");
      if (b.verifyToken !== undefined && typeof b.verifyToken !== "string") throw new BadRequest("verifyToken must be a string");
      const result = await host.dispatcher.setEndpoint(url2, b.verifyToken as string | undefined);
      host.clock.kick();
      return ok(result);
    }
    case "inbound": {
      want("POST");
      const b = bodyObj(raw);
      const waId = typeof b.from === "string" || typeof b.from === "number" ? waIdOf(String(b.from)) : null;
      if (waId === null) throw new BadRequest("from must be the user's phone number in international format, e.g. \"+15551000000\"");
      const text = b.text === undefined ? "Hi" : b.text;
      if (typeof text !== "string" || text === "") throw new BadRequest("text must be a non-empty string");
      const result = world.simulateInbound(waId, phoneOf(world, b), text);
      host.clock.kick();
      return ok(result);
    }
    case "faults":
      return faults(host, method, parts[1], raw);
    case "quality": {
      want("POST");
      const b = bodyObj(raw);
      const rating = b.rating === null ? null : String(b.rating);
      if (rating !== null && !QUALITIES.includes(rating)) throw new BadRequest(`rating must be one of ${QUALITIES.join(", ")} (or null: the platform rates again), got ${JSON.stringify(b.rating)}`);
      world.setQuality(phoneOf(world, b), rating as Quality | null);
      host.clock.kick();
      return ok(world.state());
    }
    case "limit": {
      want("POST");
      const b = bodyObj(raw);
      if (!("limit" in b)) throw new BadRequest("give limit: a whole number, null (unlimited) or a tier name such as \"TIER_10K\"");
      world.setLimit(phoneOf(world, b), limitOf(b.limit));
      host.clock.kick();
      return ok(world.state());
    }
    case "templates":
      return templates(host, method, parts.slice(1), bodyObj(raw));
    case "users": {
      want("GET");
      if (parts[1] !== undefined) {
        const waId = waIdOf(parts[1]);
        const u = waId === null ? -1 : world.recipients.peek(waId);
        if (u < 0) throw new BadRequest(`${parts[1]} has reached no user yet (canonical numbers are 1555 followed by 1000000 + the user's index)`, 404);
        return ok(userView(world, u));
      }
      const from = intParam(url, "from", 0, Number.MAX_SAFE_INTEGER);
      const count = intParam(url, "count", 20, 10_000);
      const n = world.sp.platform.userCount;
      const users = [];
      for (let u = from; u < Math.min(n, from + count); u++) users.push({ user: u, number: canonicalNumber(u) });
      return ok({ total: n, users });
    }
    default:
      throw new BadRequest(`no control endpoint ${CONTROL_PREFIX}${path}: see docs/emulator.md for the list`, 404);
  }
}

function opt<K extends string>(key: K, v: string | null): Partial<Record<K, string>> {
  return v === null ? {} : ({ [key]: v } as Record<K, string>);
}

function withPayload<T extends { body: string }>(e: T): T & { payload: unknown } {
  return { ...e, payload: JSON.parse(e.body) as unknown };
}

function userView(world: World, u: number): Record<string, unknown> {
  const p = world.sp.platform;
  const now = world.now;
  return { user: u, number: world.recipients.numberOf(u), segment: world.cfg.audience.segments[p.segmentOf(u)].name, market: p.marketOf(u), windowOpen: p.windowOpen(u, now) };
}

async function clock(host: ControlHost, method: string, action: string | undefined, b: Obj): Promise<Reply> {
  const c = host.clock;
  const ok = (body: unknown): Reply => ({ status: 200, body });
  if (action === undefined) {
    if (method !== "GET") throw new BadRequest("GET /_tiersim/clock reads the clock; POST to /clock/advance, /clock/set, /clock/freeze or /clock/settle moves it", 405);
    return ok(c.state());
  }
  if (method !== "POST") throw new BadRequest(`use POST ${CONTROL_PREFIX}/clock/${action}`, 405);
  switch (action) {
    case "advance":
      return ok(await c.advance(duration(b.by ?? b.ms, "by")));
    case "set": {
      const world = host.world();
      let t: number;
      if (typeof b.t === "number") t = b.t;
      else if (typeof b.to === "string" && !Number.isNaN(Date.parse(b.to))) t = Date.parse(b.to) - world.cfg.startEpoch;
      else throw new BadRequest('give to (an ISO time with its offset, e.g. "2026-03-03T09:00:00Z") or t (ms since the scenario start)');
      return ok(await c.set(t));
    }
    case "freeze":
      return ok(c.freeze(b.frozen === undefined ? true : b.frozen === true));
    case "settle":
      return ok(await c.settle(b.max === undefined ? 7 * 86_400_000 : duration(b.max, "max")));
    default:
      throw new BadRequest(`no clock action ${action}: advance, set, freeze or settle`, 404);
  }
}

function faults(host: ControlHost, method: string, id: string | undefined, raw: unknown): Reply {
  const world = host.world();
  const view = (): unknown => world.faults.active.map((f) => ({ ...f, remaining: f.remaining === Infinity ? null : f.remaining }));
  if (method === "GET") return { status: 200, body: { faults: view() } };
  if (method === "DELETE") {
    const removed = world.faults.remove(id === undefined ? undefined : Number(id));
    if (id !== undefined && !removed) throw new BadRequest(`no active fault ${id}`, 404);
    return { status: 200, body: { faults: view() } };
  }
  if (method !== "POST" || id !== undefined) throw new BadRequest("POST /_tiersim/faults adds a fault; GET lists them; DELETE /_tiersim/faults[/id] removes them", 405);
  const b = bodyObj(raw);
  // A mistyped key ("next" for "count") would otherwise widen the fault silently.
  const unknown = Object.keys(b).filter((k) => !FAULT_KEYS.includes(k));
  if (unknown.length > 0) throw new BadRequest(`unknown fault key ${unknown.map((k) => JSON.stringify(k)).join(", ")}: a fault takes ${FAULT_KEYS.join(", ")}`);
  const fault = world.faults.add(b as never);
  return { status: 200, body: { ...fault, remaining: fault.remaining === Infinity ? null : fault.remaining } };
}

function templates(host: ControlHost, method: string, parts: string[], b: Obj): Reply {
  const world = host.world();
  if (parts.length === 0) {
    if (method !== "GET") throw new BadRequest("GET /_tiersim/templates lists the templates", 405);
    return { status: 200, body: { templates: world.state().templates } };
  }
  const [name, action] = parts;
  const index = world.templateIndex(name);
  if (index < 0) throw new BadRequest(`no template named ${name}: the scenario has ${(world.state().templates as Array<{ name: string }>).map((t) => t.name).join(", ")}`, 404);
  if (method !== "POST") throw new BadRequest(`use POST ${CONTROL_PREFIX}/templates/${name}/${action ?? "status"}`, 405);
  const p = world.sp.platform;
  if (action === "status") {
    const status = String(b.status);
    if (!STATUSES.includes(status)) throw new BadRequest(`status must be one of ${STATUSES.join(", ")}, got ${JSON.stringify(b.status)}`);
    const from = p.templateStatus(index);
    if (!world.setTemplateStatus(index, status as TemplateStatus)) {
      throw new BadRequest(`the platform has no move from ${from} to ${status} (review: PENDING → APPROVED/REJECTED; pause: APPROVED → PAUSED; unpause: PAUSED → APPROVED; edit: PAUSED/REJECTED → PENDING; any → DISABLED)`);
    }
  } else if (action === "edit" || action === "replace" || action === "unpause") {
    const from = p.templateStatus(index);
    if (!world.templateAction(index, action)) {
      const needs = action === "edit" ? "PAUSED or REJECTED" : action === "replace" ? "DISABLED" : "PAUSED";
      throw new BadRequest(`${action} needs a ${needs} template; ${name} is ${from}`);
    }
  } else {
    throw new BadRequest(`no template action ${String(action)}: status, edit, replace or unpause`, 404);
  }
  host.clock.kick();
  return { status: 200, body: (world.state().templates as unknown[])[index] };
}
