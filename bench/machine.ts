import { availableParallelism, cpus, platform, release, totalmem } from 'node:os';

/** The machine a bench ran on, as its report and JSON state it. */
export const MACHINE = {
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown CPU',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${release()}`,
  node: process.version,
};

export const describeMachine = () => `${MACHINE.cores} cores (nproc), ${MACHINE.cpu}, ${MACHINE.memoryGiB} GiB RAM, node ${MACHINE.node}`;
