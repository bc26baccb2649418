export const admin = {
	de: {
		'admin.title': 'Verwaltung',
		'admin.organisation': 'Organisation',
		'admin.role': 'Rolle'
	},
	en: {
		'admin.title': 'Administration',
		'admin.organisation': 'Organisation',
		'admin.role': 'Role'
	}
};
