import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

const SHOWN = 20;

/**
 * After the default report, the slowest test files with what each spent importing and running,
 * and the run's wall time: where to look first when `npm test` grows slow.
 */
export default class SlowestFilesReporter implements Reporter {
  private startedAtMs = Date.now();

  onTestRunStart(): void {
    this.startedAtMs = Date.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const files = testModules.map((module) => {
      const diagnostic = module.diagnostic();
      const importMs = diagnostic.collectDuration + diagnostic.setupDuration + diagnostic.prepareDuration;
      return { name: relative(process.cwd(), module.moduleId), importMs, testsMs: diagnostic.duration };
    });
    files.sort((a, b) => b.importMs + b.testsMs - (a.importMs + a.testsMs));
    const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`.padStart(8);
    const lines = files
      .slice(0, SHOWN)
      .map(
        (file) =>
          `${seconds(file.importMs + file.testsMs)}  ${file.name} (import ${seconds(file.importMs).trim()})`,
      );
    const wallMs = Date.now() - this.startedAtMs;
    console.log(
      `\nSlowest ${Math.min(SHOWN, files.length)} of ${files.length} test files (import + tests, in parallel workers):\n${lines.join('\n')}\nWall time ${seconds(wallMs).trim()}.\n`,
    );
  }
}
