// The fault matrix (see fault-cases.ts) in the worker context.
import { describeFaults } from './fault-cases.js';

describeFaults('worker');
