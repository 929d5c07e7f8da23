package io.rolemarket.imagebot.discord;

final class Placeholder {}
