// After a status change has committed, open editors must change their rights at once: the
// collaboration server closes the affected connections (4100) and they are decided again. A
// failure here must not undo or fail the step itself, which is already stored.
import { reconsiderPaper } from '../collab/documents.ts';

export function rightsChanged(paperId: string): void {
	reconsiderPaper(paperId).catch((err) => console.error('[workflow] could not re-decide connections of', paperId, err));
}
