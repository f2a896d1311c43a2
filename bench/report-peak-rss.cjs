// Preloaded into a benchmarked child: on exit, writes its peak RSS (KiB) to fd 3 for the parent.
const fs = require('node:fs');
process.on('exit', () => {
  fs.writeSync(Number(process.env.PREFLIGHT_BENCH_PEAK_FD), `${process.resourceUsage().maxRSS}\n`);
});
