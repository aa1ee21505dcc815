// `tiersim emulate [scenario]`: a local WhatsApp Cloud API on a virtual clock, enforcing the
// platform `tiersim run` simulates, so a real sender — HTTP client, queue, retries, webhook
// handler — can be tested unchanged. Prints where it listens and its secrets, then serves until
// interrupted (Ctrl-C).
import type { Argv, CommandModule } from "yargs";
import { parseDuration } from "../../models/duration.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { EmulatorError, MAX_DAYS, quickstartPath, startEmulator, type Emulator } from "../emulator/server.js";

interface EmulateArgs {
  scenario?: string;
  port: number;
  host: string;
  clock: "virtual" | "real";
  speed: number;
  webhook?: string;
  "app-secret"?: string;
  "verify-token"?: string;
  "access-token"?: string;
  seed?: number;
  days?: number;
  "auto-advance": boolean;
  idle: number;
  "throttle-status": number;
  "paused-template": "error" | "status";
  "limit-reached": "webhook" | "error";
  "webhook-batch"?: number;
  "webhook-duplicates"?: number;
  "webhook-reorder"?: string;
  json: boolean;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

function check(a: EmulateArgs): void {
  const int = (v: number | undefined, name: string, min: number, max: number): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) throw new UserError(`--${name} must be a whole number from ${min} to ${max}, got ${v}`, ExitCode.Usage);
  };
  int(a.port, "port", 0, 65535);
  int(a.seed, "seed", 0, 2 ** 32 - 1);
  int(a.days, "days", 1, MAX_DAYS);
  int(a.idle, "idle", 1, 60_000);
  int(a["webhook-batch"], "webhook-batch", 1, 1000);
  const dup = a["webhook-duplicates"];
  if (dup !== undefined && !(dup >= 0 && dup <= 1)) throw new UserError(`--webhook-duplicates must be a probability from 0 to 1, got ${dup}`, ExitCode.Usage);
  const reorder = a["webhook-reorder"];
  if (reorder !== undefined && parseDuration(/^\d+$/.test(reorder.trim()) ? Number(reorder) : reorder) === undefined) throw new UserError(`--webhook-reorder must be a duration such as 30s or 5m, got ${reorder}`, ExitCode.Usage);
  if (!(a.speed > 0)) throw new UserError(`--speed must be a number > 0 (virtual seconds per real second), got ${a.speed}`, ExitCode.Usage);
  if (a.webhook !== undefined) {
    let u: URL | null = null;
    try {
      u = new URL(a.webhook);
    } catch {
      u = null;
    }
    if (u === null || (u.protocol !== "http:" && u.protocol !== "https:")) throw new UserError(`--webhook must be an http(s) URL such as http://localhost:3000/webhook, got ${a.webhook}`, ExitCode.Usage);
  }
}

function banner(emu: Emulator, a: EmulateArgs, scenario: string): string {
  const clock = emu.clock.state();
  const phones = emu.phoneNumberIds.map((id) => `${id} → POST ${emu.url}/v24.0/${id}/messages`).join("\n                 ");
  const hook = emu.webhook.url === null ? "none (give --webhook URL, or POST /_tiersim/webhook)" : `${emu.webhook.url} ${emu.webhook.verified ? "(handshake ✔)" : `(handshake failed: ${emu.webhook.error ?? "no answer"}; retried before each delivery)`}`;
  const how = clock.mode === "real" ? `real, ×${clock.speed}` : `virtual${a["auto-advance"] ? `, skips ahead after ${clock.idleMs} ms idle` : ", moves only when told"}`;
  return [
    `tiersim emulator — ${emu.scenario.name} (${scenario}; ${emu.scenario.rules}, seed ${emu.scenario.seed})`,
    `  base URL       ${emu.url}`,
    `  phone numbers  ${phones}`,
    `  WABA id        ${emu.wabaId}`,
    `  access token   ${emu.accessToken}`,
    `  app secret     ${emu.appSecret}`,
    `  verify token   ${emu.verifyToken}`,
    `  webhook        ${hook}`,
    `  clock          ${how}; now ${clock.now}, ends ${clock.horizon}`,
    `  control plane  ${emu.controlUrl}/ (docs/emulator.md)`,
    "Ctrl-C stops it.",
    "",
  ].join("\n");
}

export const command: CommandModule<object, EmulateArgs> = {
  command: "emulate [scenario]",
  describe: "Serve a local WhatsApp Cloud API that enforces the scenario's platform, on a virtual clock",
  builder: (y: Argv) =>
    y
      .positional("scenario", { type: "string", describe: "Scenario file (default: the quickstart)" })
      .option("port", { type: "number", default: 4004, describe: "Port to listen on (0: any free port)" })
      .option("host", { type: "string", default: "127.0.0.1", describe: "Interface to bind (loopback by default)" })
      .option("clock", { choices: ["virtual", "real"] as const, default: "virtual" as const, describe: "virtual: time moves when told (or when idle); real: it follows the wall clock" })
      .option("speed", { type: "number", default: 1, describe: "Real clock: virtual seconds per real second" })
      .option("webhook", { type: "string", describe: "Webhook endpoint (the GET handshake runs at start)" })
      .option("app-secret", { type: "string", describe: "Secret that signs webhooks (default: derived from the seed)" })
      .option("verify-token", { type: "string", describe: "Token of the webhook handshake (default: derived from the seed)" })
      .option("access-token", { type: "string", describe: "Bearer token the API accepts (default: derived from the seed)" })
      .option("seed", { type: "number", describe: "Seed of every draw and id (overrides the file's `seed`)" })
      .option("days", { type: "number", describe: "Days of virtual time the world runs (default 366)" })
      .option("auto-advance", { type: "boolean", default: true, describe: "Virtual clock: skip ahead to what the sender awaits when the API is idle (--no-auto-advance: only the control plane moves time)" })
      .option("idle", { type: "number", default: 200, describe: "Idle ms before an auto-advance" })
      .option("throttle-status", { type: "number", choices: [400, 429], default: 400, describe: "HTTP status of 130429, 131056 and the other throttling errors" })
      .option("paused-template", { choices: ["error", "status"] as const, default: "error" as const, describe: "A send to a paused template: a 132015 error, or message_status \"paused\" and a failed status" })
      .option("limit-reached", { choices: ["webhook", "error"] as const, default: "webhook" as const, describe: "A send over the messaging limit: accepted then a failed status, or a Graph error" })
      .option("webhook-batch", { type: "number", describe: "Most statuses of a number one webhook carries (default 1; more, as Meta groups them under load)" })
      .option("webhook-duplicates", { type: "number", describe: "Probability that a webhook is sent twice, same bytes and signature (default 0)" })
      .option("webhook-reorder", { type: "string", describe: "Hold each webhook back by a seeded delay of up to this duration (e.g. 30s), so they may arrive out of order" })
      .option("json", { type: "boolean", default: false, describe: "Print one JSON line { url, phoneNumberIds, verifyToken, appSecret, accessToken, … } instead of the banner" })
      .example("$0 emulate scenarios/quickstart.yaml", "serve the quickstart's platform on http://127.0.0.1:4004")
      .example("$0 emulate --webhook http://localhost:3000/webhook --app-secret s3cret", "sign webhooks to your endpoint")
      .example("$0 emulate --clock real --speed 60", "one real second is a virtual minute") as unknown as Argv<EmulateArgs>,
  handler: async (argv) => {
    check(argv);
    const scenario = argv.scenario ?? quickstartPath();
    let emu: Emulator;
    try {
      emu = await startEmulator({
        scenario,
        port: argv.port,
        host: argv.host,
        clock: argv.clock,
        speed: argv.speed,
        autoAdvance: argv["auto-advance"],
        idleMs: argv.idle,
        ...(argv.webhook !== undefined ? { webhook: argv.webhook } : {}),
        ...(argv["app-secret"] !== undefined ? { appSecret: argv["app-secret"] } : {}),
        ...(argv["verify-token"] !== undefined ? { verifyToken: argv["verify-token"] } : {}),
        ...(argv["access-token"] !== undefined ? { accessToken: argv["access-token"] } : {}),
        ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
        ...(argv.days !== undefined ? { days: argv.days } : {}),
        ...(argv["webhook-batch"] !== undefined || argv["webhook-duplicates"] !== undefined || argv["webhook-reorder"] !== undefined
          ? {
              webhooks: {
                ...(argv["webhook-batch"] !== undefined ? { batch: argv["webhook-batch"] } : {}),
                ...(argv["webhook-duplicates"] !== undefined ? { duplicates: argv["webhook-duplicates"] } : {}),
                ...(argv["webhook-reorder"] !== undefined ? { reorder: /^\d+$/.test(argv["webhook-reorder"].trim()) ? Number(argv["webhook-reorder"]) : argv["webhook-reorder"] } : {}),
              },
            }
          : {}),
        wire: { throttleStatus: argv["throttle-status"] as 400 | 429, pausedTemplate: argv["paused-template"], limitReached: argv["limit-reached"] },
      });
    } catch (err) {
      if (err instanceof EmulatorError) throw new UserError(err.message, err.code === "invalid-scenario" ? ExitCode.InvalidInput : ExitCode.Usage);
      throw err;
    }
    if (!LOOPBACK.has(argv.host)) process.stderr.write(`tiersim: warning: listening on ${argv.host}: anyone who can reach it can send, read the outbox and move the clock (the control plane has no authentication)\n`);
    if (argv.json) {
      const c = emu.clock.state();
      process.stdout.write(
        JSON.stringify({
          url: emu.url,
          phoneNumberIds: emu.phoneNumberIds,
          verifyToken: emu.verifyToken,
          appSecret: emu.appSecret,
          accessToken: emu.accessToken,
          wabaId: emu.wabaId,
          scenario: emu.scenario,
          controlUrl: emu.controlUrl,
          webhook: emu.webhook,
          clock: { mode: c.mode, now: c.now, horizon: c.horizon, autoAdvance: c.autoAdvance },
        }) + "\n",
      );
    } else process.stdout.write(banner(emu, argv, argv.scenario ?? "the quickstart"));
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        void emu.stop().then(resolve, resolve);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
  },
};
