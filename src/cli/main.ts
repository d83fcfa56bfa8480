#!/usr/bin/env node
/**
 * The `relucert` executable: the command runs in a thread (commandThread.ts) under a supervisor
 * that handles signals, output and temporary files (supervisor.ts). Only node: modules load here
 * before that thread starts, so start-up costs one thread more, not a second copy of relucert.
 */
import { supervise } from './supervisor.js';

supervise(new URL('./commandThread.js', import.meta.url));
