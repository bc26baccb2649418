// Compactions and renderings share the database with the writes of edits and with the pages'
// queries. Papers opened together reach their deadlines together: in tests/bench, 100 renderings
// at once held every pooled connection for about 100 ms, and every edit waited meanwhile. So at
// most this many run at once, across all papers; the rest queue (p-limit, first come first served).
import pLimit from 'p-limit';

export const inBackground = pLimit(2);
