/** The scenarios built into the simulator (also offered by shell completion and named in mock-server's help). */
export const SCENARIOS = ["success", "failure", "flaky", "slow", "varied"] as const;
