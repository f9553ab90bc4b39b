// The fault matrix (see fault-cases.ts) in the process context.
import { describeFaults } from './fault-cases.js';

describeFaults('process');
