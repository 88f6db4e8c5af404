/** The uploads feature: images stored for a document and served to those who may view it. */
export { storeUpload } from './commands.ts'
export { detectImageMime, EXTENSION_OF, UPLOAD_NAME } from './imageFiles.ts'
export { loadUpload, readUploadFile } from './queries.ts'
export { uploadFileRoutes, uploadRoutes } from './routes.ts'
export type { UploadQuery } from './schema.ts'
export { uploadQuery } from './schema.ts'
