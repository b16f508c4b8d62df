import { stageRunnerContract } from '../../../test/support/stage-runner-contract.js';
import { createInProcessRunner } from './in-process-runner.js';

stageRunnerContract('in-process', createInProcessRunner);
