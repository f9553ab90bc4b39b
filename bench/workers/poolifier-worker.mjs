import { ThreadWorker } from 'poolifier';
import { noop, echo, spinFor } from './functions.mjs';

export default new ThreadWorker({ noop, echo, spinFor });
