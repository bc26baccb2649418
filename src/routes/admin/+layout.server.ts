import type { LayoutServerLoad } from './$types';
import { authorize } from '$lib/server/guard';

// Every page below checks again in its own load and actions: a layout load does not guard actions.
export const load: LayoutServerLoad = async (event) => {
	authorize(event, 'admin.access', null);
	return {};
};
