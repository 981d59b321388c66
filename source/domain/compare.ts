// Orders for names, references and tags. Not String#localeCompare: the first call of that loads
// ICU's collation data, about 3 MB of memory for the rest of the session, to order what is
// almost always ASCII. Letters compare without case first (as a collator does: "app" < "Web"),
// then lower case before upper case; everything else by code unit.

function caseless(a: string, b: string): number {
	const lowerA = a.toLowerCase();
	const lowerB = b.toLowerCase();
	if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
	// Same letters: lower case first, as a collator puts "a" before "A".
	return a === b ? 0 : a > b ? -1 : 1;
}

export function compareText(a: string, b: string): number {
	return caseless(a, b);
}

const digitRuns = /(\d+)/;

/** Like compareText, but runs of digits compare by value: "1.9" before "1.10". */
export function compareNatural(a: string, b: string): number {
	const partsA = a.split(digitRuns);
	const partsB = b.split(digitRuns);
	for (let index = 0; index < Math.min(partsA.length, partsB.length); index++) {
		const partA = partsA[index]!;
		const partB = partsB[index]!;
		if (partA === partB) continue;
		// split() with a capturing group puts the digit runs at the odd indexes.
		if (index % 2 === 1) {
			const byValue = Number(partA) - Number(partB);
			if (byValue !== 0) return byValue < 0 ? -1 : 1;
			continue;
		}
		return caseless(partA, partB);
	}
	return partsA.length - partsB.length || caseless(a, b);
}
