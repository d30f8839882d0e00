#!/bin/sh
# Stands in for Prisma's native schema engine, which would have to be downloaded.
# Migrations are created, checked and applied by the project's own scripts.
echo "This project runs Prisma's schema engine as WebAssembly. Use:" >&2
echo "  npm run db:migration -- <name>   create a migration for both databases" >&2
echo "  npm run db:migrate               apply migrations" >&2
echo "  npm run db:check                 check schema and migrations agree" >&2
exit 1
