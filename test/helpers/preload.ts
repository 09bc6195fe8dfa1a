/**
 * The modules the tool imports lazily, loaded before any test runs. Under
 * vitest a first dynamic import waits on the runner's process in real time,
 * which the fake clock cannot see: it would take that wait for "everything is
 * waiting" and jump to the next timer (a watch's deadline) mid-import.
 */
import "chalk";
import "ora";
import "../../src/auth/aksk.js";
import "../../src/auth/iam-login.js";
import "../../src/commands/completion/run.js";
import "../../src/commands/config/run.js";
import "../../src/commands/demo/run.js";
import "../../src/commands/mock-server/run.js";
import "../../src/cli/heap-policy.js";
import "../../src/cli/program.js";
import "../../src/render/fit.js";
import "../../src/render/github.js";
import "../../src/render/list-table.js";
import "../../src/render/markdown.js";
import "../../src/render/table.js";
import "../../src/render/timeline.js";
import "../../src/util/files.js";
import "../../src/util/pipes.js";
import "../../src/util/width.js";
