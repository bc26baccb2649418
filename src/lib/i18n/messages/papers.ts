export const papers = { de: {}, en: {} };
