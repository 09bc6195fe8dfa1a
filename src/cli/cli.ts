export { main } from "./main.js";
export { systemDeps } from "./system.js";
