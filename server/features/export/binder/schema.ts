import { z } from 'zod'

/** Body of `POST /groups/:id/binder`: the term (the group's own when left out). */
export const binderBody = z.object({ termId: z.string().max(40).optional() }).strict()
