// A remote untag plan in words, one line per tag, for `dockswab plan --registry … --untag` and
// `dockswab clean --registry … --untag`.
import type {UntagItem} from '../domain/remote-untag';

const short = (digest: string) => (digest.length > 19 ? `${digest.slice(0, 19)}…` : digest);

/** One line per item, saying exactly what is pushed and deleted. */
export function untagItemText(item: UntagItem): {readonly verb: string; readonly label: string; readonly detail: string} {
	if (item.kind === 'blocked') return {verb: 'blocked', label: item.tag, detail: item.reason};
	if (item.kind === 'delete') return {verb: 'delete', label: item.tags.join(', '), detail: `delete ${short(item.digest)}; no other tag names it`};
	const stays = [...(item.keeps.length > 0 ? [`under ${item.keeps.join(', ')}`] : []), ...(item.heldBy.length > 0 ? [`in the index ${item.heldBy.join(', ')}`] : [])].join(' and ');
	const {placeholder} = item;
	return {
		verb: 'untag',
		label: item.tag,
		detail: `push placeholder ${short(placeholder.digest)} (OCI manifest, ${placeholder.bytes} B, empty config ${short(placeholder.configDigest)}) to ${item.tag}, then delete ${short(placeholder.digest)}; ${short(item.digest)} stays ${stays}`,
	};
}
