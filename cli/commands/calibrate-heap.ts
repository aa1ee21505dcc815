// Heap settings for \`tiersim calibrate\`, imported first by its module so that they hold
// before the rest of the command loads (the young generation, once grown, does not shrink).
//
// The fold's live data is small and fixed (its tables are typed arrays allocated once), but
// over a long run V8 doubles the young generation and lets the old one grow to about four
// times what is live before it collects: a 1 GiB log peaked at 187 MiB resident against
// 125 MiB for a 10 MiB one, all of the difference garbage. A young generation that stays at
// its first size and an old one that may grow by half before a full collection keep the two
// close, at no measured cost in speed (young collections of a streaming fold find almost
// everything dead). The process runs this one command, so the settings touch nothing else.
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--semi-space-growth-factor=1");
setFlagsFromString("--heap-growing-percent=50");
