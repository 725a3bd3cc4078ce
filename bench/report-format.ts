import type { Machine } from './machine.js';

/** `value` with `digits` decimals, or `n/a` when it is not a finite number. */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** A row of a targets table: the target, what was measured, PASS or **MISS**. */
export function targetRow(target: string, measured: string, pass: boolean): string {
  return `| ${target} | ${measured} | ${pass ? 'PASS' : '**MISS**'} |`;
}

/** The sentence that says where and when the bench ran. */
export function machineLine(machine: Machine): string {
  return `Run on ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, Node ${machine.node}, redis-server ${machine.redis}; 1-minute load average at start ${fixed(machine.loadAtStart, 2)}.`;
}
