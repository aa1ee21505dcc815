// The business's reaction to its templates' trouble, as the scenario says: edit a paused
// template at once (`onPause: edit`) rather than wait the pause out, and submit a replacement
// some time after a template is disabled (`replacement: { after }`).
import type { TemplateStatus } from "../../models/rules/types.js";
import type { SenderContext } from "./context.js";

/**
 * Template management by the business.
 *
 * @example
 * ```ts
 * manager.onStatus(template, "DISABLED", now); // schedules the replacement's submission
 * ```
 */
export class TemplateManager {
  private readonly editKind: number;
  private readonly replaceKind: number;

  constructor(private readonly ctx: SenderContext) {
    this.editKind = ctx.kinds.claim("business.edit-template", (t, now) => ctx.platform.editTemplate(t, now));
    this.replaceKind = ctx.kinds.claim("business.replace-template", (t, now) => ctx.platform.replaceTemplate(t, now));
  }

  /** A template's status changed to `to` at `now`. */
  onStatus(template: number, to: TemplateStatus, now: number): void {
    const { cfg, engine } = this.ctx;
    const t = cfg.templates[template];
    if (to === "PAUSED" && t.onPause === "edit") engine.schedule(now, this.editKind, template);
    else if (to === "DISABLED" && t.replacementAfter !== null && now + t.replacementAfter < cfg.horizon) engine.schedule(now + t.replacementAfter, this.replaceKind, template);
  }
}
