// The worker entry: the task modules, linked at build time.
import { serveTasks } from 'reactive-futures/browser-worker'
import * as tasks from './tasks.js'

serveTasks({ 'app:tasks': tasks })
