// Disk figures in the header and the housekeeping menu, some of which an engine leaves out.
import {formatBytes} from '../domain/format';

/** A figure the engine may not give: "unknown" rather than a wrong number. */
export const formatKnownBytes = (bytes: number | null): string => (bytes === null ? 'unknown' : formatBytes(bytes));
