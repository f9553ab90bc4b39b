// The fault matrix (see fault-cases.ts) in the inline context.
import { describeFaults } from './fault-cases.js';

describeFaults('inline');
