/** Entry of the `tds-bridge` command (bin/tds-bridge.js loads this through tsx). */
import { main } from './lib/main.ts';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(`tds-bridge: unexpected error: ${error.stack ?? error.message}`);
    process.exitCode = 1;
  },
);
