// Public surface of the boards module (社区和村务公开栏: columns, table templates, print view).
export { boardRoutes } from './boards.routes.tsx';
export { loadBoardDemo } from './boards.demo.ts';
export { BOARD_COLUMNS, COMMUNITY_COLUMNS, VILLAGE_COLUMNS, type BoardColumn } from './board-templates.ts';
