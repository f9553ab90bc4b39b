import { root, click, waitForText } from './dom.js';
import { createRoot } from 'react-dom/client';
import { SquareCalculator } from '../react-square.js';

const app = createRoot(root);
app.render(<SquareCalculator input={12} />);
console.log(await waitForText('Press Calculate'));
click('Calculate');
console.log(await waitForText('Calculating'));
console.log(await waitForText('The square of 12 is 144'));
app.unmount(); // useExecutor shuts the executor down: the process can exit
