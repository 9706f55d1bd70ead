// A burst of ticket writes that never ends on its own: the crash test kills it with SIGKILL mid-way.
// Prints the number of each ticket once its transaction has committed.
import { Board, Store, authenticate } from '../../../dist/store/index.js';

const [location, token] = process.argv.slice(2);
const store = await Store.open(location);
const board = new Board(store, await authenticate(store, token));
for (let i = 0; ; i++) {
  const ticket = await board.create({
    title: `Burst ${i}`,
    description: 'x'.repeat(2000),
    acceptance: ['a', 'b'],
    labels: ['burst'],
  });
  const claimed = await board.claim(ticket.number);
  await board.finish(ticket.number, {
    version: claimed.version,
    note: { changed: 'c', verify: 'v', left: 'l' },
  });
  process.stdout.write(`${ticket.number}\n`);
}
