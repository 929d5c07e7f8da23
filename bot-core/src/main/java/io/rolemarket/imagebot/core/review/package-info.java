/**
 * Design review: the decision rule over reviewers' votes ({@link io.rolemarket.imagebot.core.review.ReviewRules}),
 * what a vote did ({@link io.rolemarket.imagebot.core.review.Ruling}), and the hand-off of approved designs to the
 * merchandise pipeline ({@link io.rolemarket.imagebot.core.review.HandOff}).
 */
@NullMarked
package io.rolemarket.imagebot.core.review;

import org.jspecify.annotations.NullMarked;
