// Runs in each browser-test file: after every test, close the people it created and fail it if a
// page was visited without an accessibility check or threw an uncaught error.
import { afterAll, afterEach } from 'vitest';
import { closeBrowser, finishPeople } from './harness.ts';

afterEach(async ({ task }) => {
	const problems = await finishPeople(task.result?.state === 'fail' ? task.name : undefined);
	if (problems.length) throw new Error(problems.join('\n'));
});

afterAll(closeBrowser);
