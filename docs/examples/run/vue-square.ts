import { root, click, waitForText } from './dom.js';
import { createApp, h } from 'vue';
import { SquareCalculator } from '../vue-square.js';

const app = createApp({ render: () => h(SquareCalculator, { input: 12 }) });
app.mount(root);
console.log(await waitForText('Press Calculate'));
click('Calculate');
console.log(await waitForText('Calculating'));
console.log(await waitForText('The square of 12 is 144'));
app.unmount(); // the component's scope ends: unsubscribed, executor shut down
