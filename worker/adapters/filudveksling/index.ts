// Filudveksling (SFTP) for documents too large to travel inside the Overdragelse request.
export { FiludvekslingConfigError, type Filudveksling } from './port.js';
export { createFiludveksling, type FiludvekslingOptions } from './sftp.js';
