// A throttle that overshoots: a Bottleneck reservoir of 100 jobs a second — more than the 80
// messages a second a number gets — and no idea of the messaging limit. This is what many
// senders run: the limiter looks conservative next to the API's request limits.
//
// A default export that is a Throttle object: tiersim loads a fresh copy of this module for
// every campaign and run, so its state never leaks between them.
//
// In your own project, import from "tiersim" instead of "../tiersim.js".
import { fromBottleneck } from "../tiersim.js";

export default fromBottleneck({ reservoir: 100, reservoirRefreshAmount: 100, reservoirRefreshInterval: 1000 });
